/**
 * What the CLI tells a human once the server is up. Pure, so the LAN listing can be tested with a
 * made-up set of network interfaces.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { unitCode } from '../../../common/unit-code';
import { connectableUrl, httpUrl, isWildcardHost } from '../http/address';
import type { ListeningAddress } from '../signaling-server';

/** Lines for stdout: where the server listens and, on a wildcard bind, the URLs guests can open. */
export function startupLines(
  address: ListeningAddress,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  scheme: 'http' | 'https' = 'http',
): string[] {
  const lines = [`Nearcast server listening on ${httpUrl(address.host, address.port, scheme)}`];
  if (!isWildcardHost(address.host)) return lines;

  const lan = lanAddresses(interfaces);
  for (const ip of lan) lines.push(`  Join from the LAN: ${httpUrl(ip, address.port, scheme)}`);
  if (lan.length === 0) lines.push('  No LAN address found: only this computer can join for now.');
  lines.push(`  On this computer:  ${connectableUrl(address.host, address.port, scheme)}`);
  return lines;
}

/** External IPv4 addresses: what guests type, and what a self-signed certificate should name. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const lan = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) lan.add(entry.address);
    }
  }
  return [...lan];
}

/** The most common start-up failure (a second server, or the desktop app), with its fix. */
export function portInUseMessage(port: number): string {
  return `Port ${port} is already in use. Choose another with --port.`;
}

/** Signaling works without the web client, so this warns instead of failing; browsers get a 503. */
export function webClientMissingWarning(staticDir: string): string {
  return `Warning: the web client is not built (no index.html in ${staticDir}), so browsers will get an error page. Run: npm run build:web`;
}

/** How the forwarding unit came out of start-up, for {@link forwardingLines}. */
export type UnitStart =
  | { kind: 'running'; fingerprint: string; switchAbove: number; capacity: number; maxSenders: number }
  | { kind: 'off' | 'clustered' }
  | { kind: 'failed'; reason: string };

/**
 * Lines for stdout about the forwarding unit: its security code, which people compare with the one
 * their app shows for the unit, and when rooms use it; or why rooms stay a mesh of `meshCapacity`.
 */
export function forwardingLines(start: UnitStart, meshCapacity: number): string[] {
  const mesh = `rooms are a mesh of at most ${meshCapacity} people`;
  switch (start.kind) {
    case 'running': {
      const when =
        start.switchAbove > 0
          ? `rooms above ${start.switchAbove} people and presentation rooms`
          : `presentation rooms and rooms above ${meshCapacity} people`;
      return [
        `  Forwarding unit code: ${unitCode(start.fingerprint) ?? 'unavailable'}`,
        `  Media of ${when} goes through this server's forwarding unit`,
        `  (at most ${start.capacity} people a room, ${start.maxSenders} sending at once); people compare this code.`,
      ];
    }
    case 'off':
      return [`  Forwarding unit off (--no-forwarding): ${mesh}.`];
    case 'clustered':
      return [`  Forwarding unit off with --redis (it runs inside one process): ${mesh}.`];
    case 'failed':
      return [`  Warning: the forwarding unit could not start (${start.reason}): ${mesh}.`];
  }
}
