/**
 * The host's lobby stays bounded whatever guests do: a capped number of waiting knocks, one per
 * address, a denied address not asked about again, a knock withdrawn when its guest leaves, and every
 * knock expiring (the test fires the timer itself).
 */
import { describe, expect, it } from 'vitest';
import { createGuestLobby } from '../../server/src/admission/guest-lobby';

function lobbyWithTimers(maxPending = 8) {
  const timers: Array<() => void> = [];
  const lobby = createGuestLobby({
    maxPending,
    schedule: (run) => {
      timers.push(run);
      return () => undefined;
    },
  });
  return { lobby, timers };
}

function ticketOf(outcome: { ticket: string } | { refused: unknown }): string {
  if (!('ticket' in outcome)) throw new Error('refused');
  return outcome.ticket;
}

const never = new Promise<never>(() => undefined);

describe('guest lobby', () => {
  it('holds at most maxPending knocks; the next one is refused without reaching the host', () => {
    const { lobby } = lobbyWithTimers(2);
    ticketOf(lobby.knock({ name: 'A', address: '10.0.0.1' }));
    ticketOf(lobby.knock({ name: 'B', address: '10.0.0.2' }));
    expect(lobby.knock({ name: 'C', address: '10.0.0.3' })).toMatchObject({
      refused: { code: 'RATE_LIMITED' },
    });
    expect(lobby.pending().map((knock) => knock.name)).toEqual(['A', 'B']);
  });

  it('keeps one knock per address: knocking again replaces the older one, whose waiter is refused', async () => {
    const { lobby } = lobbyWithTimers();
    const older = ticketOf(lobby.knock({ name: 'Tab 1', address: '10.0.0.1' }));
    const waiting = lobby.wait(older, never);
    ticketOf(lobby.knock({ name: 'Tab 2', address: '10.0.0.1' }));
    await expect(waiting).resolves.toBe(false);
    expect(lobby.pending().map((knock) => knock.name)).toEqual(['Tab 2']);
  });

  it('does not ask again about an address the host denied, until reset', async () => {
    const { lobby } = lobbyWithTimers();
    const ticket = ticketOf(lobby.knock({ name: 'M', address: '10.0.0.9' }));
    const waiting = lobby.wait(ticket, never);
    expect(lobby.answer(lobby.pending()[0]!.id, false)).toBe(true);
    await expect(waiting).resolves.toBe(false);
    expect(lobby.knock({ name: 'M', address: '10.0.0.9' })).toMatchObject({
      refused: { code: 'NOT_LET_IN' },
    });
    lobby.reset();
    ticketOf(lobby.knock({ name: 'M', address: '10.0.0.9' }));
  });

  it('withdraws a knock whose guest left, and expires one nobody answered', async () => {
    const { lobby, timers } = lobbyWithTimers();
    let leave: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (leave = resolve));
    const left = lobby.wait(ticketOf(lobby.knock({ name: 'L', address: '10.0.0.1' })), gone);
    leave();
    await expect(left).resolves.toBe(false);
    expect(lobby.pending()).toEqual([]);

    const unanswered = lobby.wait(ticketOf(lobby.knock({ name: 'U', address: '10.0.0.2' })), never);
    timers.forEach((run) => run());
    await expect(unanswered).resolves.toBe(false);
    expect(lobby.pending()).toEqual([]);
  });

  it('admits an allowed ticket again without asking, until reset; a made-up ticket never', async () => {
    const { lobby } = lobbyWithTimers();
    const ticket = ticketOf(lobby.knock({ name: 'A', address: '10.0.0.1' }));
    const waiting = lobby.wait(ticket, never);
    lobby.answer(lobby.pending()[0]!.id, true);
    await expect(waiting).resolves.toBe(true);
    expect(lobby.admitted(ticket)).toBe(true);
    await expect(lobby.wait('x'.repeat(24), never)).resolves.toBe(false);
    lobby.reset();
    expect(lobby.admitted(ticket)).toBe(false);
  });
});
