/**
 * A host's lobby: LAN guests who gave the right access code knock, the host answers Allow or Deny.
 *
 * A knock is two handshakes. The first registers it and is refused WAITING_FOR_HOST with a random
 * ticket; the guest connects again at once with that ticket, and that handshake waits here for the
 * answer (guest-gate.ts). So the guest can say "Waiting for the host…" from a definite event, and the
 * waiting handshake closing (the guest left) withdraws the knock. Once let in, the ticket admits the
 * same guest's reconnects without asking again, until the lobby is reset (hosting stopped).
 *
 * Bounded: at most `maxPending` knocks wait at once; one per client address (a new knock from the same
 * address replaces the older one, so reloading the page never locks a guest out and never doubles the
 * host's list); an address the host denied is refused without asking again until the reset; every
 * knock expires after `timeoutMs` through the injected `schedule`, so tests expire it themselves.
 */
import { randomBytes } from 'node:crypto';
import { ERROR_MESSAGES, type ResultError } from '../../../common/result';

/** What the host sees of one guest asking to come in. */
export interface Knock {
  /** Shown to the host's app only; the secret ticket never leaves the server. */
  id: number;
  name: string;
  address: string;
}

export interface GuestLobby {
  /** Registers a knock: its ticket, or why it is refused at once. */
  knock(guest: { name: string; address: string }): { ticket: string } | { refused: ResultError };
  /** Whether the host already let this ticket's guest in. */
  admitted(ticket: string): boolean;
  /**
   * The host's answer for a pending ticket: true to let in. False for an unknown ticket, a denied or
   * expired knock, or when `gone` resolves first (the guest left; the knock is withdrawn).
   */
  wait(ticket: string, gone: Promise<unknown>): Promise<boolean>;
  /** The host's answer; false when the knock is no longer pending. */
  answer(id: number, allow: boolean): boolean;
  pending(): Knock[];
  /** Called on every change of {@link pending}; returns an unsubscribe. */
  onChanged(listener: (knocks: Knock[]) => void): () => void;
  /** Lets every pending knock in: the host stopped asking (the gate still checks the access code). */
  admitAll(): void;
  /** Denies every pending knock and forgets admitted tickets and denied addresses. */
  reset(): void;
}

export const MAX_PENDING_KNOCKS = 8;
/** Long enough for a host who is in a call to notice; a guest does not wait forever. */
export const KNOCK_TIMEOUT_MS = 2 * 60_000;
const MAX_KNOCK_NAME = 64;

interface Pending extends Knock {
  ticket: string;
  waiters: Set<(allowed: boolean) => void>;
  cancelTimer: () => void;
}

export interface GuestLobbyOptions {
  maxPending?: number;
  timeoutMs?: number;
  /** Runs `run` after `ms`, returns a cancel; tests hand in one they fire themselves. */
  schedule?: (run: () => void, ms: number) => () => void;
}

function unrefSchedule(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

export function createGuestLobby(options: GuestLobbyOptions = {}): GuestLobby {
  const maxPending = options.maxPending ?? MAX_PENDING_KNOCKS;
  const timeoutMs = options.timeoutMs ?? KNOCK_TIMEOUT_MS;
  const schedule = options.schedule ?? unrefSchedule;
  const byTicket = new Map<string, Pending>();
  const admittedTickets = new Set<string>();
  const deniedAddresses = new Set<string>();
  const listeners = new Set<(knocks: Knock[]) => void>();
  let nextId = 1;

  const pending = (): Knock[] =>
    [...byTicket.values()].map(({ id, name, address }) => ({ id, name, address }));
  const changed = (): void => {
    const knocks = pending();
    for (const listener of listeners) listener(knocks);
  };

  /** Ends a pending knock with `allowed`, telling whoever waits; no change event (callers send one). */
  function settle(entry: Pending, allowed: boolean): void {
    byTicket.delete(entry.ticket);
    entry.cancelTimer();
    if (allowed) admittedTickets.add(entry.ticket);
    for (const waiter of entry.waiters) waiter(allowed);
    entry.waiters.clear();
  }

  return {
    knock({ name, address }) {
      if (deniedAddresses.has(address))
        return { refused: { code: 'NOT_LET_IN', message: ERROR_MESSAGES.NOT_LET_IN } };
      const previous = [...byTicket.values()].find((entry) => entry.address === address);
      if (previous) settle(previous, false);
      if (byTicket.size >= maxPending) {
        if (previous) changed();
        return {
          refused: {
            code: 'RATE_LIMITED',
            message: 'Too many people are waiting to join this host. Try again in a moment.',
          },
        };
      }
      const ticket = randomBytes(18).toString('base64url');
      const entry: Pending = {
        id: nextId++,
        name: name.trim().slice(0, MAX_KNOCK_NAME),
        address,
        ticket,
        waiters: new Set(),
        cancelTimer: () => undefined,
      };
      entry.cancelTimer = schedule(() => {
        if (byTicket.get(ticket) !== entry) return;
        settle(entry, false);
        changed();
      }, timeoutMs);
      byTicket.set(ticket, entry);
      changed();
      return { ticket };
    },
    admitted: (ticket) => admittedTickets.has(ticket),
    wait(ticket, gone) {
      const entry = byTicket.get(ticket);
      if (!entry) return Promise.resolve(admittedTickets.has(ticket));
      return new Promise<boolean>((resolve) => {
        entry.waiters.add(resolve);
        void gone.then(() => {
          if (!entry.waiters.delete(resolve)) return;
          resolve(false);
          // The last waiting connection closed: the guest left, the host need not answer any more.
          if (entry.waiters.size === 0 && byTicket.get(ticket) === entry) {
            settle(entry, false);
            changed();
          }
        });
      });
    },
    answer(id, allow) {
      const entry = [...byTicket.values()].find((candidate) => candidate.id === id);
      if (!entry) return false;
      if (!allow) deniedAddresses.add(entry.address);
      settle(entry, allow);
      changed();
      return true;
    },
    pending,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    admitAll() {
      if (byTicket.size === 0) return;
      for (const entry of [...byTicket.values()]) settle(entry, true);
      changed();
    },
    reset() {
      const had = byTicket.size > 0;
      for (const entry of [...byTicket.values()]) settle(entry, false);
      admittedTickets.clear();
      deniedAddresses.clear();
      if (had) changed();
    },
  };
}
