import { describe, expect, it } from 'vitest';
import { parseControlMessage } from '../../common/peer-protocol';
import { REACTION_BURST, REACTION_REFILL_MS, REACTIONS } from '../../common/reactions';
import { ReactionGuard } from '../../renderer/src/rtc/reaction-guard';

describe('reactions on the control channel', () => {
  it('accept each emoji of the fixed set and nothing else', () => {
    for (const emoji of REACTIONS) {
      expect(parseControlMessage(JSON.stringify({ t: 'reaction', emoji }))).toEqual({ t: 'reaction', emoji });
    }
    for (const emoji of ['💩', 'hello', '👍👍', '', 1]) {
      expect(parseControlMessage(JSON.stringify({ t: 'reaction', emoji }))).toBeNull();
    }
  });
});

describe('ReactionGuard', () => {
  it('lets a burst through, drops the flood after it, and refills one per interval', () => {
    let now = 0;
    const guard = new ReactionGuard(() => now);
    const burst = Array.from({ length: 20 }, () => guard.accept('bob'));
    expect(burst.filter(Boolean)).toHaveLength(REACTION_BURST);
    expect(burst.slice(0, REACTION_BURST).every(Boolean)).toBe(true);

    now += REACTION_REFILL_MS - 1;
    expect(guard.accept('bob')).toBe(false);
    now += 1;
    expect(guard.accept('bob')).toBe(true);
    expect(guard.accept('bob')).toBe(false);
  });

  it('counts each person apart, and forgets one who left', () => {
    const guard = new ReactionGuard(() => 0);
    for (let i = 0; i < REACTION_BURST; i++) guard.accept('bob');
    expect(guard.accept('bob')).toBe(false);
    expect(guard.accept('cy')).toBe(true);
    guard.forget('bob');
    expect(guard.accept('bob')).toBe(true);
  });

  it('a quiet person gets a full burst again, never more', () => {
    let now = 0;
    const guard = new ReactionGuard(() => now);
    guard.accept('bob');
    now += 60 * REACTION_REFILL_MS;
    const burst = Array.from({ length: 10 }, () => guard.accept('bob'));
    expect(burst.filter(Boolean)).toHaveLength(REACTION_BURST);
  });
});
