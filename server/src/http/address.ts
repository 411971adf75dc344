/**
 * URL formatting for bound addresses. Kept apart from the server so the CLI can describe the same
 * address to a human without starting anything.
 */

/** Hosts that mean "every interface": a browser cannot connect to them on every OS (Windows refuses). */
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** A wildcard bind is the one case where the CLI must list LAN addresses for guests to use. */
export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host);
}

/** `http://host:port/`, bracketing IPv6 literals so the port is not read as part of the address. */
export function httpUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${shown}:${port}/`;
}

/**
 * A URL a local client can actually open: a wildcard bind is reached through loopback, because
 * `http://0.0.0.0/` does not work everywhere.
 */
export function connectableUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  if (!isWildcardHost(host)) return httpUrl(host, port, scheme);
  return httpUrl(host === '0.0.0.0' ? '127.0.0.1' : '::1', port, scheme);
}
