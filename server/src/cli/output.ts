/**
 * What the CLI tells a human once the server is up. Pure, so the LAN listing can be tested with a
 * made-up set of network interfaces.
 */
import type { NetworkInterfaceInfo } from 'node:os';
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
