/**
 * A forwarding unit on loopback for one test, through its real worker thread, with the werift members
 * its signals go to: started by the test, closed with them after it. The set-up every engine-level
 * unit test shares.
 */
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { createForwardingUnit } from '../../../server/src/unit/create-forwarding-unit';
import type { ForwardingUnit, UnitStats } from '../../../server/src/unit/forwarding-unit';
import { routeSignals, type Member } from './werift-clients';

export interface UnitRoom {
  /** The members by peer id: the unit's signals for a peer go to its member here. */
  members: Map<string, Member>;
  /**
   * Starts the unit (8 senders at most unless told; `entry`: a worker of the test's own, wrapping the
   * unit's) and routes its signals to `members`.
   */
  start(options?: { maxSenders?: number; entry?: URL }): Promise<ForwardingUnit>;
}

/** Call at the top of a test file: every test's unit and members are closed after it. */
export function useUnitRoom(): UnitRoom {
  let unit: ForwardingUnit | null = null;
  const members = new Map<string, Member>();
  afterEach(async () => {
    for (const member of members.values()) await member.close();
    members.clear();
    await unit?.close();
    unit = null;
  });
  return {
    members,
    async start({ maxSenders = 8, entry } = {}) {
      unit = await createForwardingUnit({
        ...(entry ? { entry } : {}),
        addresses: ['127.0.0.1'],
        logger: pino({ level: 'silent' }),
        maxSenders,
      });
      routeSignals(unit, members);
      return unit;
    },
  };
}

/** Waits, on the unit's own figures, until `done` holds (no clock in the assertion); resolves with them. */
export async function statsWhen(
  unit: ForwardingUnit,
  done: (stats: UnitStats) => boolean,
): Promise<UnitStats> {
  for (;;) {
    const stats = await unit.stats();
    if (done(stats)) return stats;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
