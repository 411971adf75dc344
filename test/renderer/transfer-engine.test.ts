import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../common/peer-protocol';
import { PeerIdentities } from '../../renderer/src/rtc/identities';
import type { PeerPort } from '../../renderer/src/rtc/peer-port';
import { TransferEngine } from '../../renderer/src/rtc/transfers/engine';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';
import { FakeDataChannel } from '../fakes/dom/peer-connection';

let sent: { peerId: string; message: ControlMessage }[];
let identities: PeerIdentities;

const port: PeerPort = {
  send: (peerId, message) => {
    sent.push({ peerId, message });
    return true;
  },
  peers: () => [
    { id: 'p1', name: 'Bob' },
    { id: 'p2', name: 'Eve' },
  ],
  openFileChannel: () => null,
  maxMessageSize: () => 262144,
};

function engine(limit = 1_000_000): TransferEngine {
  return new TransferEngine({
    port,
    identities,
    maxReceiveBytes: () => limit,
    openSink: async (_name, type) => new MemorySink(type),
  });
}

const offer = (id: string, name: string, size: number): ControlMessage => ({
  t: 'file-offer',
  id,
  name,
  size,
  type: 'text/plain',
});

beforeEach(() => {
  sent = [];
  identities = new PeerIdentities();
  identities.learn('p1', { kind: 'guest', clientId: 'client-bob' });
  identities.learn('p2', { kind: 'guest', clientId: 'client-eve' });
});

describe('TransferEngine, receiving', () => {
  it('lists an offer under a sanitized, unique name', () => {
    const transfers = engine();
    transfers.handle('p1', offer('transfer-1', '../../notes.txt', 10));
    transfers.handle('p1', offer('transfer-2', 'notes.txt', 10));
    expect(transfers.views().map((v) => [v.name, v.state, v.peerName])).toEqual([
      ['notes.txt', 'offered', 'Bob'],
      ['notes (2).txt', 'offered', 'Bob'],
    ]);
  });

  it('refuses an offer over the limit and tells the sender why', () => {
    const transfers = engine(1_000);
    transfers.handle('p1', offer('transfer-1', 'big.iso', 5_000));
    expect(transfers.views()[0]).toMatchObject({ state: 'refused' });
    expect(transfers.views()[0]?.error).toMatchObject({ reason: 'tooLargeHere' });
    expect(sent).toEqual([
      { peerId: 'p1', message: { t: 'file-decline', id: 'transfer-1', reason: 'too-large' } },
    ]);
  });

  it('accepts only a file channel from the peer that offered the file, after accepting', async () => {
    const transfers = engine();
    transfers.handle('p1', offer('transfer-1', 'a.txt', 3));
    const early = new FakeDataChannel('file:transfer-1');
    transfers.attachChannel('p1', 'transfer-1', early as unknown as RTCDataChannel);
    expect(early.readyState).toBe('closed');

    await transfers.accept('transfer-1');
    expect(sent.at(-1)?.message).toEqual({ t: 'file-accept', id: 'transfer-1', offset: 0 });
    const intruder = new FakeDataChannel('file:transfer-1');
    transfers.attachChannel('p2', 'transfer-1', intruder as unknown as RTCDataChannel);
    expect(intruder.readyState).toBe('closed');
    const genuine = new FakeDataChannel('file:transfer-1');
    transfers.attachChannel('p1', 'transfer-1', genuine as unknown as RTCDataChannel);
    expect(genuine.readyState).not.toBe('closed');
  });

  it('ignores a cancel from someone who is not part of the transfer', async () => {
    const transfers = engine();
    transfers.handle('p1', offer('transfer-1', 'a.txt', 3));
    transfers.handle('p2', { t: 'file-cancel', id: 'transfer-1' });
    expect(transfers.views()[0]?.state).toBe('offered');
    transfers.handle('p1', { t: 'file-cancel', id: 'transfer-1' });
    expect(transfers.views()[0]).toMatchObject({
      state: 'cancelled',
      error: { reason: 'cancelledBy', name: 'Bob' },
    });
  });

  it('withdraws an offer whose sender left, so it cannot be accepted into a wait, and brings it back with them', async () => {
    const transfers = engine();
    transfers.handle('p1', offer('transfer-1', 'a.txt', 3));
    transfers.peerRemoved('p1');
    identities.forgetPeer('p1');
    expect(transfers.views()[0]).toMatchObject({
      state: 'cancelled',
      error: { reason: 'senderLeft', name: 'Bob' },
    });
    sent = [];
    await transfers.accept('transfer-1');
    expect(sent).toEqual([]);
    expect(transfers.views()[0]?.state).toBe('cancelled');

    // Bob comes back (a reload keeps his client id) and repeats his pending offer.
    identities.learn('p3', { kind: 'guest', clientId: 'client-bob' });
    transfers.handle('p3', offer('transfer-1', 'a.txt', 3));
    expect(transfers.views()).toHaveLength(1);
    expect(transfers.views()[0]).toMatchObject({ name: 'a.txt', state: 'offered', error: null });
  });

  it('asks to resume from the bytes already written when the sender comes back', async () => {
    const transfers = engine();
    transfers.handle('p1', offer('transfer-1', 'a.bin', 6));
    await transfers.accept('transfer-1');
    const channel = new FakeDataChannel('file:transfer-1');
    transfers.attachChannel('p1', 'transfer-1', channel as unknown as RTCDataChannel);
    channel.receive(new Uint8Array([1, 2, 3, 4]).buffer);
    transfers.peerRemoved('p1');
    identities.forgetPeer('p1');
    expect(transfers.views()[0]?.state).toBe('interrupted');
    identities.learn('p3', { kind: 'guest', clientId: 'client-bob' });
    sent = [];
    transfers.peerIdentified('p3', 'guest/client-bob');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([{ peerId: 'p3', message: { t: 'file-accept', id: 'transfer-1', offset: 4 } }]);
    expect(transfers.views()[0]?.state).toBe('transferring');
  });
});
