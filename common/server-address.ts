/**
 * Reading a signaling server address as people type it ("192.168.1.20", "nearcast.lan:4780",
 * "https://box.lan:8443/") into one canonical form, `http(s)://host:port/`. The same rules in the
 * renderer (to say what is wrong while typing) and in main (which decides what the page may connect to).
 */
import { type Issue, type IssueKey, type IssueParams, issueSentence } from './issues';
import { DEFAULT_SERVER_PORT } from './limits';
import { err, ok, type Result } from './result';

export const MAX_SERVER_ADDRESS_LENGTH = 300;

/** The canonical address, or the issue that stops it (field `address`), for a client to word. */
export type AddressCheck = { ok: true; data: string } | { ok: false; issue: Issue };

const refuse = (key: IssueKey, params: IssueParams = {}): AddressCheck => ({
  ok: false,
  issue: { field: 'address', key, params },
});

export function checkServerAddress(input: string): AddressCheck {
  const text = input.trim();
  if (!text) return refuse('address.empty');
  if (text.length > MAX_SERVER_ADDRESS_LENGTH) return refuse('address.tooLong');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    return refuse('address.invalid', { port: DEFAULT_SERVER_PORT });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('address.scheme');
  if (url.username || url.password) return refuse('address.credentials');
  if (url.pathname !== '/' || url.search || url.hash) return refuse('address.path');
  if (!url.hostname) return refuse('address.host');
  // Typed without a scheme or port, it is most likely a standalone server on its default port.
  if (!hasScheme && !url.port) url.port = String(DEFAULT_SERVER_PORT);
  return { ok: true, data: `${url.origin}/` };
}

/** checkServerAddress as a Result, its issue in English: what main answers over IPC. */
export function parseServerAddress(input: string): Result<string> {
  const checked = checkServerAddress(input);
  return checked.ok
    ? ok(checked.data)
    : err('INVALID_PAYLOAD', issueSentence(checked.issue.key, checked.issue.params));
}
