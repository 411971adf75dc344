/**
 * The one Content-Security-Policy of the web client, used by the signaling server (header on every
 * response) and by the desktop main process (header on every response of the trusted origin, which in
 * development is the Vite dev server). One builder, so the two can never drift apart.
 */
export interface CspOptions {
  /** The Vite dev server needs inline styles (HMR injects <style>) and a websocket for hot updates. */
  dev?: boolean;
  /**
   * Origin of the signaling server when it differs from the page origin (desktop dev mode), e.g.
   * `http://127.0.0.1:4780`; Socket.IO's websocket origin is then allowed too. Null: same origin.
   */
  signalingOrigin?: string | null;
  /** A LAN signaling server the user chose in the desktop app (its http(s) origin). */
  remoteOrigin?: string | null;
}

/** The websocket origin Socket.IO upgrades to. Named explicitly: not every engine maps 'self' to ws:. */
function websocketOrigin(httpOrigin: string): string {
  return httpOrigin.replace(/^http(s?):/, 'ws$1:');
}

export function contentSecurityPolicy({
  dev = false,
  signalingOrigin = null,
  remoteOrigin = null,
}: CspOptions = {}): string {
  const connect = ["'self'"];
  for (const origin of [signalingOrigin, remoteOrigin]) {
    if (origin) connect.push(origin, websocketOrigin(origin));
  }
  if (dev) connect.push('ws:');
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    // WebAssembly (incremental SHA-256 of transferred files) compiles only with this source; it allows
    // no eval of JavaScript.
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['style-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['connect-src', connect],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`).join('; ');
}
