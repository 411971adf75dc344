/**
 * Where a Nearcast server serves the desktop app's release files (the standalone server's --updates):
 * the channel files electron-updater reads (`latest.yml`, `latest-mac.yml`, `latest-linux.yml`) and
 * the installers they name. The app's updater feed is a server's origin plus this path.
 */
export const UPDATES_PATH = '/updates/';

/**
 * Beside each channel file, its signature by the publisher's key (`latest.yml.sig`: an Ed25519
 * signature of the file's bytes, base64). The app refuses a channel file without a valid one.
 */
export const UPDATE_SIGNATURE_SUFFIX = '.sig';

/** The electron-updater `generic` feed of the server at `origin` (`http(s)://host:port`). */
export function updatesFeedUrl(origin: string): string {
  return new URL(UPDATES_PATH, origin).href;
}

/**
 * Where the app's updater stands, as the renderer shows it. Checking is automatic; downloading and
 * restarting into the new version are each the user's click ("Download", "Restart to update"), and
 * main refuses the restart during a call.
 */
export type UpdateStatus =
  /** Not checked yet. */
  | { state: 'idle' }
  | { state: 'checking' }
  /** A server or LAN host serving updates has nothing newer. */
  | { state: 'up-to-date' }
  /** Neither the chosen server nor any LAN host serves updates. */
  | { state: 'no-source' }
  /** This copy cannot replace itself (a development build, or an unpacked or unknown package). */
  | { state: 'unsupported' }
  /**
   * `from`: the host:port of the server offering it, shown with the offer, since a LAN host found by
   * multicast is anyone on the network.
   */
  | { state: 'available'; version: string; from: string }
  /** `percent` from 0 to 100. */
  | { state: 'downloading'; version: string; percent: number }
  /** Installed at the next restart the user asks for. */
  | { state: 'downloaded'; version: string }
  /**
   * The check or the download failed; a new check (or download) may be tried. `signature`: the only
   * update offered was not signed by Nearcast's publisher, and was refused.
   */
  | { state: 'failed'; stage: 'check' | 'download' | 'signature'; version: string | null };
