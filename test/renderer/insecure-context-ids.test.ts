/**
 * On plain http (a LAN guest's page) `crypto.randomUUID` does not exist. Chat messages and file offers
 * must still get their ids: a guest who can chat and receive files must also be able to write back.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine } from '../../renderer/src/rtc/chat';
import { PeerIdentities } from '../../renderer/src/rtc/identities';
import type { PeerPort } from '../../renderer/src/rtc/peer-port';
import { TransferEngine } from '../../renderer/src/rtc/transfers/engine';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const sent: unknown[] = [];
const port: PeerPort = {
  send: (_peerId, message) => {
    sent.push(message);
    return true;
  },
  peers: () => [{ id: 'p1', name: 'Bob' }],
  openFileChannel: () => null,
  maxMessageSize: () => 262144,
};

beforeEach(() => {
  sent.length = 0;
  // What a page served over http://<LAN address> has: getRandomValues, and no randomUUID or subtle.
  const insecure = {
    getRandomValues: <T extends ArrayBufferView>(array: T): T => {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
      return array;
    },
  };
  vi.stubGlobal('crypto', insecure);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ids in an insecure context', () => {
  it('a chat message is sent with a fresh UUID', () => {
    const identities = new PeerIdentities();
    identities.learn('p1', { kind: 'guest', clientId: 'client-bob' });
    const chat = new ChatEngine({ port, identities, selfName: () => 'Ada' });
    chat.peerIdentified('p1', 'guest/client-bob');
    expect(chat.send('hello')).toBeNull();
    expect(chat.list()).toHaveLength(1);
    expect(chat.list()[0]?.id).toMatch(UUID);
  });

  it('is an insecure context indeed', () => {
    expect('randomUUID' in crypto).toBe(false);
  });

  it('a file offer is made with a fresh UUID', () => {
    const identities = new PeerIdentities();
    identities.learn('p1', { kind: 'guest', clientId: 'client-bob' });
    const transfers = new TransferEngine({
      port,
      identities,
      maxReceiveBytes: () => 1024,
      openSink: () => Promise.reject(new Error('not receiving here')),
    });
    transfers.offer([new File(['hi'], 'note.txt', { type: 'text/plain' })], ['p1']);
    const offer = sent.find((m) => (m as { t: string }).t === 'file-offer') as { id: string } | undefined;
    expect(offer?.id).toMatch(UUID);
  });
});
