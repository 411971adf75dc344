/**
 * Which web pages may open a WebSocket to this server. A browser sends the page's `Origin` with the
 * handshake, and any page on the web could otherwise connect from a LAN browser and act as its user.
 * Allowed: no Origin (the desktop app's main process, tools), the server's own origin (its web
 * client), a loopback origin (a page served on this machine, as the desktop app's dev server), and
 * the configured allowlist. The desktop app's own page has its own scheme (`nearcast-app://app`,
 * allowlisted by the app for its embedded server), whose origin Node's URL cannot serialise (it calls
 * it opaque): an allowlist entry of such a scheme is compared with the header as sent.
 */

/** Whether a handshake with `origin` (header) reaching `host` (the Host header) may connect. */
export type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The origin of `value` in canonical form (scheme, host, port), or null when it has none. */
export function canonicalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The check of one server, with its allowlist of extra origins (e.g. `https://intranet.example`). */
export function originCheck(allowed: readonly string[]): OriginCheck {
  const extra = new Set(allowed.map((origin) => canonicalOrigin(origin) ?? origin));
  return (origin, host) => {
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (host !== undefined && url.host.toLowerCase() === host.toLowerCase()) return true;
    if (isLoopback(url.hostname)) return true;
    if (url.origin === 'null') return extra.has(origin);
    return extra.has(url.origin);
  };
}
