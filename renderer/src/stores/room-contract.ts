/**
 * What a room is as the rest of the app sees it: where we are, why we came back home, what entering
 * answers, a link's trust, and the join request checked before anything is opened. The room store
 * (room.ts) keeps the state; these are its words.
 */
import type { CallEndReason } from '../../../common/signaling/call';
import { roomJoinRequestSchema, type PeerInfo } from '../../../common/signaling/room';
import type { RoomMode } from '../../../common/signaling/unit';
import type { Problem } from '../i18n/problem';
import type { PeerTrust } from '../rtc/identities';

export type RoomPhase = 'idle' | 'joining' | 'in-room';

/** Where we are: a named room, or a direct call (which has an id and no name). */
export type Place = { kind: 'room'; name: string } | { kind: 'call'; callId: string };

/** Why we are back home without having left: the UI says it in words. */
export type RoomNotice =
  | { kind: 'call-ended'; reason: CallEndReason; who?: string; busy?: boolean }
  | { kind: 'signaling-dropped' }
  | { kind: 'removed' }
  /** Back after a signaling drop, the room still refused us (its pass was stale, or the room full). */
  | { kind: 'rejoin-refused'; problem: Problem };

/** What entering answers: our own peer info, the peers already there, and (in a room) its host and lock. */
export interface Entered {
  self: PeerInfo;
  peers: PeerInfo[];
  host?: string | null;
  locked?: boolean;
  /** How the room carries media (a call: always mesh). */
  mode?: RoomMode;
}

/** A link's identity as checked by its hello, and whether we hold back what we would send it. */
export interface LinkTrust {
  trust: PeerTrust;
  held: boolean;
}

/**
 * A join request checked by the server's own schema, the PIN too, so the user hears what is wrong in
 * their language before anything is opened (Home checks it before the pre-join screen, join again).
 * `present` asks for a presentation room (media through the forwarding unit from the start); only
 * the joiner who creates the room decides it.
 */
export function checkJoinRequest(roomName: string, displayName: string, pin?: string, present = false) {
  return roomJoinRequestSchema.safeParse({
    room: roomName,
    name: displayName,
    ...(pin ? { pin } : {}),
    ...(present ? { present } : {}),
  });
}
