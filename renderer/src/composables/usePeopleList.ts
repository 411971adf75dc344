/**
 * Everyone in the room as the People panel lists them: raised hands first (so the host sees who
 * waits), then ourselves, then the others in the order they joined.
 */
import { computed, type ComputedRef } from 'vue';
import type { PeerView } from '../rtc/mesh';
import { useMediaStore } from '../stores/media';
import { usePeopleStore } from '../stores/people';
import { useRoomStore } from '../stores/room';

export interface Person {
  /** 'self' or the peer id. */
  id: string;
  name: string;
  local: boolean;
  host: boolean;
  muted: boolean;
  sharing: boolean;
  handRaised: boolean;
  /** The link to a remote person (trust, connection quality); null for ourselves. */
  peer: PeerView | null;
}

export function usePeopleList(): ComputedRef<Person[]> {
  const room = useRoomStore();
  const media = useMediaStore();
  const people = usePeopleStore();
  return computed(() => {
    const self: Person[] = room.self
      ? [
          {
            id: 'self',
            name: room.self.name,
            local: true,
            host: people.host === room.self.id,
            muted: media.micMuted,
            sharing: media.sharing,
            handRaised: people.handRaised,
            peer: null,
          },
        ]
      : [];
    const others = room.peers.map((peer): Person => ({
      id: peer.id,
      name: peer.name,
      local: false,
      host: people.host === peer.id,
      muted: peer.micMuted,
      sharing: peer.screenStream !== null,
      handRaised: peer.handRaised,
      peer,
    }));
    const everyone = [...self, ...others];
    return [...everyone.filter((p) => p.handRaised), ...everyone.filter((p) => !p.handRaised)];
  });
}
