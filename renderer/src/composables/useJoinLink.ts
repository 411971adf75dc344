/**
 * Shareable links: `/?room=R&name=N` joins room R as N at once; `/?room=R` prefills the room.
 * The address bar keeps only the room while in it, so copying it never hands out your name.
 */
export interface JoinLink {
  room: string;
  name: string;
}

export function readJoinLink(search: string = window.location.search): JoinLink {
  const params = new URLSearchParams(search);
  return { room: params.get('room') ?? '', name: params.get('name') ?? '' };
}

/** The link to give others: this page's origin and path with only the room. */
export function inviteLink(room: string, location: Location = window.location): string {
  const url = new URL(location.pathname, location.origin);
  url.searchParams.set('room', room);
  return url.toString();
}

export function showRoomInAddressBar(room: string | null): void {
  const url = new URL(window.location.href);
  url.search = '';
  if (room) url.searchParams.set('room', room);
  window.history.replaceState(null, '', url);
}
