/**
 * Who the user has verified: contacts whose security code they compared and found matching, their
 * device keys pinned on this device (kept across restarts). From a link's proven identity and the
 * name the server shows for it, this store says how far to trust that person, and whether to hold
 * everything of ours back (a verified contact who shows up with another key, or without any).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PeerTrust } from '../rtc/identities';
import { injectServices } from '../services';
import { MAX_PINNED_CONTACTS, PINNED_CONTACTS, type PinnedContact } from '../services/storage';

/**
 * - `pending`: no hello yet. `guest`: no device key (a browser on plain http): cannot be verified.
 * - `unverified`: a proven device key, not (yet) compared by the user.
 * - `verified`: its key is pinned here. `key-changed`: the name of a verified contact with another
 *   key, or none: not the person verified, until the user says otherwise.
 * - `refused`: the link's hello did not check (forged, replayed, relayed), or it claimed someone
 *   else's identity; nothing of ours goes to it.
 */
export type TrustStanding = 'pending' | 'guest' | 'unverified' | 'verified' | 'key-changed' | 'refused';

/** Names compare as people read them: case, width and surrounding spaces do not make another person. */
function sameName(a: string, b: string): boolean {
  const fold = (name: string) => name.normalize('NFKC').trim().toLocaleLowerCase();
  return fold(a) === fold(b);
}

export const useTrustStore = defineStore('trust', () => {
  const { storage } = injectServices();
  const pinned = ref<PinnedContact[]>(storage.local.read(PINNED_CONTACTS));

  function save(next: PinnedContact[]): void {
    pinned.value = next.slice(0, MAX_PINNED_CONTACTS);
    storage.local.write(PINNED_CONTACTS, pinned.value);
  }

  /** How far to trust the person behind a link whose identity is `trust`, shown as `name`. */
  function standing(name: string, trust: PeerTrust): TrustStanding {
    if (trust.kind === 'pending' || trust.kind === 'refused') return trust.kind;
    if (trust.kind === 'keyed' && pinned.value.some((p) => p.deviceId === trust.deviceId)) return 'verified';
    if (pinned.value.some((p) => sameName(p.name, name))) return 'key-changed';
    return trust.kind === 'keyed' ? 'unverified' : 'guest';
  }

  /** The pinned contact a `key-changed` link pretends to be, for the warning. */
  function pinnedNamed(name: string): PinnedContact | undefined {
    return pinned.value.find((p) => sameName(p.name, name));
  }

  /**
   * "They match": pins this key under this name. A key pinned before under the same name is replaced
   * (the user compared the new one), and so is an earlier pin of this key (its name is updated).
   */
  function verify(name: string, trust: PeerTrust, now = Date.now()): boolean {
    if (trust.kind !== 'keyed') return false;
    const rest = pinned.value.filter((p) => p.deviceId !== trust.deviceId && !sameName(p.name, name));
    save([{ deviceId: trust.deviceId, publicKey: trust.publicKey, name, verifiedAt: now }, ...rest]);
    return true;
  }

  /** Unpins a contact: it is unverified again wherever it shows up. */
  function forget(deviceId: string): void {
    save(pinned.value.filter((p) => p.deviceId !== deviceId));
  }

  return { pinned, standing, pinnedNamed, verify, forget };
});
