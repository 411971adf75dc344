/**
 * Reading a signaling server address as people type it ("192.168.1.20", "nearcast.lan:4780",
 * "https://box.lan:8443/") into one canonical form, `http(s)://host:port/`. The same rules in the
 * renderer (to say what is wrong while typing) and in main (which decides what the page may connect to).
 */
import { DEFAULT_SERVER_PORT } from './limits';
import { err, ok, type Result } from './result';

export const MAX_SERVER_ADDRESS_LENGTH = 300;

export function parseServerAddress(input: string): Result<string> {
  const text = input.trim();
  if (!text) return err('INVALID_PAYLOAD', 'Enter the address of a Nearcast server.');
  if (text.length > MAX_SERVER_ADDRESS_LENGTH) return err('INVALID_PAYLOAD', 'That address is too long.');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    return err(
      'INVALID_PAYLOAD',
      `That is not an address. Try something like 192.168.1.20:${DEFAULT_SERVER_PORT}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err('INVALID_PAYLOAD', 'A Nearcast server address starts with http:// or https://.');
  }
  if (url.username || url.password)
    return err('INVALID_PAYLOAD', 'A server address carries no user name or password.');
  if (url.pathname !== '/' || url.search || url.hash) {
    return err('INVALID_PAYLOAD', 'Give only the server: host and port, with no path after it.');
  }
  if (!url.hostname) return err('INVALID_PAYLOAD', 'That address has no host.');
  // Typed without a scheme or port, it is most likely a standalone server on its default port.
  if (!hasScheme && !url.port) url.port = String(DEFAULT_SERVER_PORT);
  return ok(`${url.origin}/`);
}
