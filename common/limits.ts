/** Defaults and bounds shared by the server, the desktop shell and the renderer. */

/** Port the standalone server listens on when none is given. */
export const DEFAULT_SERVER_PORT = 4780;
/** Address the standalone server binds to when none is given: every interface, so LAN guests can join. */
export const DEFAULT_SERVER_HOST = '0.0.0.0';

export const MAX_DISPLAY_NAME_LENGTH = 40;
export const MAX_ROOM_NAME_LENGTH = 64;
export const MAX_PEER_ID_LENGTH = 64;
/** A session description with audio, camera and screen for one peer is a few KiB; this leaves room. */
export const MAX_SDP_LENGTH = 48 * 1024;
export const MAX_CANDIDATE_LENGTH = 1024;
export const MAX_STREAM_ID_LENGTH = 64;
/** Engine.IO refuses any frame above this size before it reaches a handler. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Heartbeat: a vanished client is noticed within PING_INTERVAL + PING_TIMEOUT (20 s), and a client that
 * hears no ping for as long knows the server is gone. A ping every 10 s rather than 5 s halves the
 * heartbeat frames a server with thousands of sockets handles (at 5,000 sockets, 1,000 frames/s instead
 * of 2,000), which showed in its relay latency (docs/PERFORMANCE.md, "Messages that die young").
 * The pong gets 10 s, not the few milliseconds a LAN takes: a browser answers from its page's main
 * thread, which a loaded machine can hold for seconds. With 5 s, pages busy that long (four people in
 * a call on two cores, an accessibility check running) were dropped from their room and joined again,
 * vanishing from everyone's screen meanwhile. Not Socket.IO's 20 s: a member whose cable is out must be
 * noticed well within the 30 s after which the forwarding unit's connection to it gives up on consent
 * (RFC 7675), or its session, recovered once the cable is back, finds that connection failed.
 */
export const PING_INTERVAL_MS = 10_000;
export const PING_TIMEOUT_MS = 10_000;

/** How long a client waits for an acknowledgement before telling the user the server did not answer. */
export const ACK_TIMEOUT_MS = 8_000;

/** Device ids are client-generated (a UUID fits); the bound keeps directory entries and room keys small. */
export const MAX_DEVICE_ID_LENGTH = 64;
/** A room PIN is typed by people, so it is short; the bound also caps what the server hashes. */
export const MIN_ROOM_PIN_LENGTH = 4;
export const MAX_ROOM_PIN_LENGTH = 32;
/**
 * A rejoin pass (see `room:join`) is 256 random bits in base64url, 43 characters; the bounds leave room
 * for a longer one and cap what the server hashes.
 */
export const MIN_REJOIN_PASS_LENGTH = 22;
export const MAX_REJOIN_PASS_LENGTH = 64;
/** A workspace access code is a shared secret typed once; longer input is refused before hashing. */
export const MAX_ACCESS_CODE_LENGTH = 256;
/** A full mesh of video calls stops being usable beyond a handful of people. */
export const DEFAULT_ROOM_CAPACITY = 8;
/**
 * Forwarding mode (docs/PROTOCOL.md): the join that would bring a mesh room above this many people
 * switches it to the forwarding unit; 0 never switches by size.
 */
export const DEFAULT_FORWARD_ABOVE = 4;
/** People in a room whose media goes through the forwarding unit. */
export const DEFAULT_FORWARDED_CAPACITY = 50;
/** Members of one forwarded room who may send media at once; the unit refuses the next publisher. */
export const DEFAULT_MAX_SENDERS = 8;
/** How many people one `call:invite` may ring at once. */
export const MAX_CALL_INVITEES = 16;
/** How long a call rings before it counts as unanswered. */
export const DEFAULT_RING_TIMEOUT_MS = 30_000;
/** Events one socket may send per second; ICE trickles dozens of candidates in a burst. */
export const DEFAULT_EVENTS_PER_SECOND = 50;
/** Refused (rate-limited) events tolerated within RATE_STRIKE_WINDOW_S before the socket is cut. */
export const DEFAULT_RATE_STRIKES = 20;
export const RATE_STRIKE_WINDOW_S = 10;
/** Connections one client address may hold at once: a person's app, tabs and tools, never hundreds. */
export const DEFAULT_CONNECTIONS_PER_ADDRESS = 32;

/** Wrong room PINs one client address may give before each further attempt must wait. */
export const PIN_FREE_ATTEMPTS_PER_CLIENT = 3;
/** Wrong PINs a room takes, from anybody, before each further attempt at it must wait. */
export const PIN_FREE_ATTEMPTS_PER_ROOM = 10;
/** The first wait after the free attempts; each further wrong PIN doubles it. */
export const PIN_BASE_DELAY_MS = 1_000;
/** The longest wait a wrong PIN imposes. */
export const PIN_MAX_DELAY_MS = 5 * 60_000;
/** Wrong PINs are forgotten once none came for this long. */
export const PIN_FAILURE_MEMORY_MS = 15 * 60_000;

/** Rings one device may start within RING_WINDOW_MS (each invitee counts one): two full invitations. */
export const RINGS_PER_CALLER = 2 * MAX_CALL_INVITEES;
/** Rings one device may receive, from anybody, within RING_WINDOW_MS. */
export const RINGS_PER_CALLEE = 10;
export const RING_WINDOW_MS = 60_000;

/** The host may ask the same person to unmute once within this long (`room:ask-unmute`). */
export const UNMUTE_ASK_INTERVAL_MS = 10_000;

/** At most one `presence:updated` per device within this long; later changes go out together after. */
export const PRESENCE_COALESCE_MS = 1_000;

/** Wrong workspace access codes one client address may give before each further attempt must wait. */
export const ACCESS_FREE_ATTEMPTS = 5;
