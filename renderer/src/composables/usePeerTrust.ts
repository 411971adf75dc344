/**
 * How far each person in the room is trusted, as the UI words it: the link's checked identity (room
 * store) read against the contacts verified on this device (trust store). Also finds the live link
 * behind an identity key, for what outlives a link (a chat message's recipients, a transfer), so the
 * UI can say that what waits for someone waits because their key changed.
 */
import { identityKey, trustOfKey } from '../rtc/identities';
import { useRoomStore } from '../stores/room';
import { useTrustStore, type TrustStanding } from '../stores/trust';

/** Standings the UI shows a badge for: a link whose hello has not arrived yet has none. */
export type ShownStanding = Exclude<TrustStanding, 'pending'>;

export function usePeerTrust() {
  const room = useRoomStore();
  const trust = useTrustStore();

  function nameOf(peerId: string): string {
    return room.peers.find((peer) => peer.id === peerId)?.name ?? '';
  }

  /** The standing of a live link. */
  function standingOf(peerId: string): TrustStanding {
    return trust.standing(nameOf(peerId), room.trustOf(peerId).trust);
  }

  /** Nothing of ours goes to this link until the user decides (key changed, or codes did not match). */
  function isHeld(peerId: string): boolean {
    return room.trustOf(peerId).held;
  }

  /** The live link of an identity key (or of a provisional `peer:<id>` key), if it is here. */
  function peerOfKey(key: string): string | undefined {
    if (key.startsWith('peer:')) {
      const id = key.slice('peer:'.length);
      return room.peers.some((peer) => peer.id === id) ? id : undefined;
    }
    return room.peers.find((peer) => identityKey(room.trustOf(peer.id).trust) === key)?.id;
  }

  /**
   * The standing of whoever an identity key names, shown as `name`: its live link's if it is here,
   * else what the key itself says (a guest, or a device that is pinned or not).
   */
  function standingOfKey(key: string, name: string): TrustStanding {
    const peerId = peerOfKey(key);
    return peerId ? standingOf(peerId) : trust.standing(name, trustOfKey(key));
  }

  /** Links of someone who is not the contact verified under their name, still waiting for the user. */
  function keyChangedWaiting(): { id: string; name: string }[] {
    return room.peers
      .filter((peer) => isHeld(peer.id) && standingOf(peer.id) === 'key-changed')
      .map(({ id, name }) => ({ id, name }));
  }

  return { standingOf, isHeld, peerOfKey, standingOfKey, keyChangedWaiting };
}
