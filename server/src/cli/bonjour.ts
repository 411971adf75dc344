/**
 * The one way Nearcast opens mDNS (bonjour-service), in the desktop app and the standalone server.
 */
import type { EventEmitter } from 'node:events';
import type { Bonjour } from 'bonjour-service';
import type { Logger } from 'pino';

/** bonjour-service's constructor: its options go to multicast-dns (port, bind, multicast…). */
export type BonjourClass = new (options: object, errorCallback: (error: unknown) => void) => Bonjour;

/**
 * A Bonjour instance whose failures are logged rather than fatal: a multicast answer that cannot be
 * sent (the network went away a moment), and the mDNS port that cannot be bound (another program
 * holds 5353 alone, or the system refuses it). Then Nearcast runs without discovery: hosts are not
 * listed nor announced, addresses can still be typed.
 *
 * bonjour-service 1.4.4 attaches no listener to its multicast-dns socket's `error` event, which Node
 * then throws (onlxltd/bonjour-service#91, fixed upstream after that release); this reaches in to
 * attach one; test/server/bonjour.test.ts fails if a release moves it without handling the error.
 */
export function openBonjour(Class: BonjourClass, logger: Logger, options: object = {}): Bonjour {
  const bonjour = new Class(options, (error: unknown) => logger.warn({ err: error }, 'mDNS answer not sent'));
  // Where a later release keeps it elsewhere (and handles the error itself), there is nothing to add.
  const mdns = (bonjour as unknown as { server?: { mdns?: EventEmitter } }).server?.mdns;
  mdns?.on('error', (error: unknown) =>
    logger.warn({ err: error }, 'mDNS is unavailable: LAN hosts are neither listed nor announced'),
  );
  return bonjour;
}
