import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../common/csp';
import { MAX_SDP_LENGTH } from '../../common/limits';
import { firstIssue } from '../../common/result';
import { displayNameSchema, roomNameSchema } from '../../common/signaling/names';
import {
  joinedRoomSchema,
  joinRequestSchema,
  roomAskUnmuteSchema,
  roomStateSchema,
  unmuteAskedSchema,
} from '../../common/signaling/room';
import { signalDataSchema } from '../../common/signaling/signal';

describe('display names', () => {
  it('are trimmed', () => {
    expect(displayNameSchema.parse('  Ada Lovelace ')).toBe('Ada Lovelace');
  });

  it.each([
    ['a right-to-left override', 'Ada\u202e'],
    ['a zero-width space', 'Ada\u200b'],
    ['a bell character', 'Ada\u0007'],
    ['a byte-order mark inside', 'A\ufeffda'],
    ['a zero-width non-joiner in a Latin word, where it shows nothing', 'A\u200cda'],
    ['a zero-width joiner at the end', 'Ada\u200d'],
    ['a zero-width joiner between letters', 'A\u200dda'],
    ['a left-to-right isolate', 'Ada\u2066'],
  ])('refuse %s, which could impersonate someone', (_, name) => {
    const result = displayNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    if (!result.success)
      expect(firstIssue(result.error)).toBe('A display name cannot contain control or invisible characters.');
  });

  it('accept names in any script', () => {
    expect(displayNameSchema.parse('Zoë 李')).toBe('Zoë 李');
  });

  it.each([
    ['a ZWJ emoji sequence', '👩\u200d💻 Dev'],
    ['a family emoji', '👨\u200d👩\u200d👧'],
    ['a flag with a variation selector', '🏳\ufe0f\u200d🌈'],
    ['a skin-tone ZWJ sequence', '🧑🏽\u200d🚀 Sam'],
    ['a Persian name with a zero-width non-joiner', 'نیما\u200cجان'],
    ['a Hindi word with a joiner', 'क्\u200dष'],
  ])('accept %s', (_, name) => {
    expect(displayNameSchema.parse(name)).toBe(name);
  });
});

describe('room names', () => {
  it('accept what a link can carry and refuse the rest with a sentence', () => {
    expect(roomNameSchema.parse('Design review 2.0_b-c')).toBe('Design review 2.0_b-c');
    const result = joinRequestSchema.safeParse({ room: '../admin', name: 'Ada' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(firstIssue(result.error)).toBe(
        'room: A room name uses letters, digits, spaces, dots, dashes and underscores.',
      );
    }
  });
});

describe('signal data', () => {
  it('accepts descriptions, candidates, end of candidates and media state', () => {
    for (const data of [
      { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } },
      {
        kind: 'candidate',
        candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      },
      { kind: 'candidate', candidate: null },
      {
        kind: 'media',
        state: { micMuted: false, cameraOff: true, cameraStreamId: 'a', screenStreamId: null },
      },
    ]) {
      expect(signalDataSchema.safeParse(data).success).toBe(true);
    }
  });

  it('refuses an oversized session description and an unknown kind', () => {
    const huge = { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(MAX_SDP_LENGTH + 1) } };
    expect(signalDataSchema.safeParse(huge).success).toBe(false);
    expect(signalDataSchema.safeParse({ kind: 'script', code: 'alert(1)' }).success).toBe(false);
  });
});

describe('the host, the lock, raised hands and asking to unmute', () => {
  const joined = { room: 'standup', self: { id: 'a1', name: 'Ada' }, peers: [] };

  it('a join answer names the host and the lock; an older server’s answer means nobody hosts', () => {
    expect(joinedRoomSchema.parse({ ...joined, host: 'a1', locked: true })).toMatchObject({
      host: 'a1',
      locked: true,
    });
    expect(joinedRoomSchema.parse(joined)).toMatchObject({ host: null, locked: false });
    expect(joinedRoomSchema.safeParse({ ...joined, host: 'x'.repeat(65), locked: false }).success).toBe(
      false,
    );
    expect(joinedRoomSchema.safeParse({ ...joined, host: 'a1', locked: 'yes' }).success).toBe(false);
  });

  it('room:updated, room:ask-unmute and room:unmute-asked carry peer ids only', () => {
    expect(roomStateSchema.safeParse({ host: null, locked: false }).success).toBe(true);
    expect(roomStateSchema.safeParse({ host: 'a1' }).success).toBe(false);
    expect(roomAskUnmuteSchema.safeParse({ peerId: 'b1' }).success).toBe(true);
    expect(roomAskUnmuteSchema.safeParse({ peerId: 'x'.repeat(65) }).success).toBe(false);
    expect(unmuteAskedSchema.safeParse({ from: 'a1' }).success).toBe(true);
    expect(unmuteAskedSchema.safeParse({}).success).toBe(false);
  });

  it('a media state may say a hand is raised, as a boolean only', () => {
    const state = { micMuted: true, cameraOff: false, cameraStreamId: null, screenStreamId: null };
    expect(signalDataSchema.safeParse({ kind: 'media', state: { ...state, handRaised: true } }).success).toBe(
      true,
    );
    expect(signalDataSchema.safeParse({ kind: 'media', state: { ...state, handRaised: 'up' } }).success).toBe(
      false,
    );
  });
});

describe('content security policy', () => {
  it('allows only our own origin for scripts and connections when page and server share it', () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
  });
});
