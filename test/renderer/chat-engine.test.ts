import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../common/peer-protocol';
import { ChatEngine } from '../../renderer/src/rtc/chat';
import { PeerIdentities } from '../../renderer/src/rtc/identities';
import type { PeerPort } from '../../renderer/src/rtc/peer-port';
import { inWords } from './i18n';

let open: Set<string>;
let outbox: { peerId: string; message: ControlMessage }[];
let peers: { id: string; name: string }[];
let identities: PeerIdentities;
let counter: number;

const port: PeerPort = {
  send: (peerId, message) => {
    if (!open.has(peerId)) return false;
    outbox.push({ peerId, message });
    return true;
  },
  peers: () => peers,
  openFileChannel: () => null,
  maxMessageSize: () => 262144,
};

function engine(): ChatEngine {
  return new ChatEngine({
    port,
    identities,
    selfName: () => 'Ada',
    newId: () => `message-${++counter}`,
    now: () => 1_000,
  });
}

beforeEach(() => {
  open = new Set();
  outbox = [];
  peers = [{ id: 'p1', name: 'Bob' }];
  identities = new PeerIdentities();
  counter = 0;
});

describe('ChatEngine', () => {
  it('refuses an empty or overlong message, in words of either language', () => {
    const chat = engine();
    expect(inWords(chat.send('   '))).toBe('Type a message first.');
    expect(inWords(chat.send('x'.repeat(4001)))).toBe('A message has at most 4000 characters.');
    expect(inWords(chat.send('x'.repeat(4001)), 'fr')).toBe('Un message compte au plus 4000 caractères.');
    expect(chat.list()).toEqual([]);
  });

  it('queues a message for a peer whose channel is not open and delivers it when it says hello', () => {
    const chat = engine();
    chat.send('hi');
    expect(outbox).toEqual([]);
    expect(chat.list()[0]?.delivery).toEqual([{ key: 'peer:p1', name: 'Bob', state: 'sent' }]);
    open.add('p1');
    identities.learn('p1', { kind: 'guest', clientId: 'client-bob' });
    chat.peerIdentified('p1', 'guest/client-bob');
    expect(outbox).toEqual([
      { peerId: 'p1', message: { t: 'chat', id: 'message-1', text: 'hi', sentAt: 1_000 } },
    ]);
    chat.handle('p1', { t: 'chat-ack', id: 'message-1' });
    expect(chat.list()[0]?.delivery).toEqual([{ key: 'guest/client-bob', name: 'Bob', state: 'delivered' }]);
  });

  it('shows a message once however often it arrives, and acknowledges every copy', () => {
    const chat = engine();
    open.add('p1');
    const copy: ControlMessage = { t: 'chat', id: 'abcdefgh-1', text: 'hello', sentAt: 5 };
    chat.handle('p1', copy);
    chat.handle('p1', copy);
    expect(chat.list()).toHaveLength(1);
    expect(chat.list()[0]).toMatchObject({ authorName: 'Bob', mine: false, text: 'hello' });
    expect(outbox.filter((o) => o.message.t === 'chat-ack')).toHaveLength(2);
  });

  it('resends what was not acknowledged when the same client comes back under a new peer id', () => {
    const chat = engine();
    open.add('p1');
    identities.learn('p1', { kind: 'guest', clientId: 'client-bob' });
    chat.peerIdentified('p1', 'guest/client-bob');
    chat.send('are you there?');
    outbox = [];
    // Bob's connection dropped before the ack; he is back as p2.
    identities.forgetPeer('p1');
    open.add('p2');
    identities.learn('p2', { kind: 'guest', clientId: 'client-bob' });
    chat.peerIdentified('p2', 'guest/client-bob');
    expect(outbox.map((o) => [o.peerId, o.message.t])).toEqual([['p2', 'chat']]);
    chat.handle('p2', { t: 'chat-ack', id: 'message-1' });
    expect(chat.list()[0]?.delivery).toEqual([{ key: 'guest/client-bob', name: 'Bob', state: 'delivered' }]);
  });

  it('ignores an acknowledgement from someone the message was not for', () => {
    const chat = engine();
    chat.send('for Bob');
    open.add('p9');
    chat.handle('p9', { t: 'chat-ack', id: 'message-1' });
    expect(chat.list()[0]?.delivery[0]?.state).toBe('sent');
  });
});
