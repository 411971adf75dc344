/**
 * Who may read `/metrics`. On an open server, anyone (as before: the figures say nothing an open
 * server hides). On a server with an access code, the figures (how many people, rooms, refusals) are
 * the workspace's: only this machine (loopback), or a scraper giving the metrics token as a bearer.
 */
import type { IncomingMessage } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether this request may read the metrics. */
export type MetricsAccess = (req: IncomingMessage) => boolean;

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The rule of one server: `guarded` when it has an access code; `token` null: loopback only. */
export function metricsAccess(guarded: boolean, token: string | null): MetricsAccess {
  const expected = token ? digest(token) : null;
  return (req) => {
    if (!guarded) return true;
    if (LOOPBACK.test(req.socket.remoteAddress ?? '')) return true;
    const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    return expected !== null && given !== undefined && timingSafeEqual(digest(given), expected);
  };
}
