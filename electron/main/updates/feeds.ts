/**
 * Where the app looks for a newer version, best first: the server the user chose (when it serves
 * updates, which only asking tells), then the LAN hosts that advertise over mDNS both release files
 * and a version newer than ours, newest first. A LAN with no internet thus updates from its own box.
 * The TXT record is untrusted (anyone on the link can multicast), and so is what such a host serves:
 * its channel file must carry the publisher's signature (signed-feed.ts), and the user is shown where
 * the offer comes from and decides to download it.
 */
import type { LanHost } from '../../../common/ipc';
import { updatesFeedUrl } from '../../../common/updates';

/** `1.10.0-beta.1` as numbers and a pre-release tag; null for anything else. */
function parseVersion(version: string): { parts: number[]; pre: string | null } | null {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
  if (!match) return null;
  return { parts: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ?? null };
}

/**
 * Semantic version order, enough for the versions we publish: major, minor, patch, then a release
 * after its pre-releases (pre-release tags compared as strings). Unparsable versions are never newer.
 */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return left ? 1 : right ? -1 : 0;
  for (let i = 0; i < 3; i++) {
    const difference = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === null) return 1;
  if (right.pre === null) return -1;
  return left.pre < right.pre ? -1 : 1;
}

export interface FeedSources {
  /** The chosen server's origin, null on the embedded one (which serves no updates). */
  remoteOrigin: string | null;
  lanHosts: readonly LanHost[];
  /** This app's version. */
  version: string;
}

/** The electron-updater `generic` feed URLs to try, in order, without repeats. */
export function feedCandidates(sources: FeedSources): string[] {
  const lan = sources.lanHosts
    .filter((host) => host.updates && compareVersions(host.version, sources.version) > 0)
    .sort((a, b) => compareVersions(b.version, a.version))
    .map((host) => updatesFeedUrl(new URL(host.url).origin));
  const remote = sources.remoteOrigin ? [updatesFeedUrl(sources.remoteOrigin)] : [];
  return [...new Set([...remote, ...lan])];
}
