/**
 * Shareable links: `/?room=R&name=N` joins room R as N at once; `/?room=R` prefills the room; a
 * `#code=C` fragment gives the workspace access code. The address bar keeps only the room while in it,
 * so copying it never hands out your name or the code.
 */
export interface JoinLink {
  room: string;
  name: string;
}

export function readJoinLink(search: string = window.location.search): JoinLink {
  const params = new URLSearchParams(search);
  return { room: params.get('room') ?? '', name: params.get('name') ?? '' };
}

/**
 * The link to give others: `base` (see {@link inviteBase}) with only the room, and the access code when
 * the inviter chooses to pass it: in the fragment, which browsers never send to a server, so it stays
 * out of server and proxy logs, and which the page removes from the address bar on arrival.
 */
export function inviteLink(room: string, base: string, accessCode = ''): string {
  const url = new URL(base);
  url.search = '';
  url.hash = '';
  url.searchParams.set('room', room);
  if (accessCode) url.hash = new URLSearchParams({ code: accessCode }).toString();
  return url.toString();
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** What decides where others can reach the web client this window uses. */
export interface InviteContext {
  /** In the desktop app, whose page is on its own scheme whatever server it talks to. */
  desktop: boolean;
  /**
   * The signaling server this window talks to; it also serves the web client (in a browser, it is
   * this page's origin).
   */
  serverUrl: string;
  /** This page's path: in a browser the server's origin and this path are what others open too. */
  location: Pick<URL, 'pathname'>;
  /** The desktop app's LAN addresses while it hosts, best first; empty otherwise. */
  hostingUrls: readonly string[];
}

/**
 * The address an invite link starts with, one another machine can open; null when there is none yet
 * (the app's own server while it does not host, a browser on the server's own loopback address): a
 * `127.0.0.1` link would open nothing, or another Nearcast, on the guest's machine.
 */
export function inviteBase(context: InviteContext): string | null {
  const server = new URL(context.serverUrl);
  if (!LOOPBACK.test(server.hostname)) {
    return new URL(context.desktop ? '/' : context.location.pathname, server.origin).href;
  }
  return context.desktop ? (context.hostingUrls[0] ?? null) : null;
}

/**
 * The access code an invite link carries (`#code=`), read once at start-up and removed from the
 * address bar and its history entry at once, so it lands in no bookmark, copied address or later
 * Referer. Empty when the link has none.
 */
export function takeLinkAccessCode(win: Window = window): string {
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const code = fragment.get('code');
  if (code === null) return '';
  fragment.delete('code');
  const url = new URL(win.location.href);
  url.hash = fragment.toString();
  win.history.replaceState(win.history.state, '', url);
  return code.trim();
}

export function showRoomInAddressBar(room: string | null): void {
  const url = new URL(window.location.href);
  url.search = '';
  if (room) url.searchParams.set('room', room);
  window.history.replaceState(null, '', url);
}
