/**
 * A stable id for this tab's participation, kept for the browser session: it survives a dropped
 * connection (which changes our peer id) so peers can resume transfers and keep chat exactly-once.
 */
const KEY = 'nearcast.clientId';

export function sessionClientId(storage: Storage = sessionStorage): string {
  const existing = storage.getItem(KEY);
  if (existing && /^[A-Za-z0-9-]{8,64}$/.test(existing)) return existing;
  const fresh = crypto.randomUUID();
  storage.setItem(KEY, fresh);
  return fresh;
}
