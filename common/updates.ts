/**
 * Where a Nearcast server serves the desktop app's release files (the standalone server's --updates):
 * the channel files electron-updater reads (`latest.yml`, `latest-mac.yml`, `latest-linux.yml`) and
 * the installers they name. The app's updater feed is a server's origin plus this path.
 */
export const UPDATES_PATH = '/updates/';

/** The electron-updater `generic` feed of the server at `origin` (`http(s)://host:port`). */
export function updatesFeedUrl(origin: string): string {
  return new URL(UPDATES_PATH, origin).href;
}
