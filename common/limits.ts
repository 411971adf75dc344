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

/** Heartbeat tuned for a LAN: a vanished client is noticed within PING_INTERVAL + PING_TIMEOUT. */
export const PING_INTERVAL_MS = 5_000;
export const PING_TIMEOUT_MS = 8_000;

/** How long a client waits for an acknowledgement before telling the user the server did not answer. */
export const ACK_TIMEOUT_MS = 8_000;
