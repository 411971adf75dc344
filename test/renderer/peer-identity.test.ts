/**
 * Who is who in a room: a member who copies another member's client id in its hello must not receive
 * what was meant for that member, and a chat author is the name the server stamped, not the hello's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../common/peer-protocol';
import { Emitter } from '../../renderer/src/rtc/emitter';
import type { Mesh, MeshEvents } from '../../renderer/src/rtc/mesh';
import { RoomSession } from '../../renderer/src/rtc/room-session';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';

/** The part of a mesh the room session uses, driven by the test instead of WebRTC. */
class FakeMesh extends Emitter<MeshEvents> {
  readonly outbox: { peerId: string; message: ControlMessage }[] = [];

  sendControl(peerId: string, message: ControlMessage): boolean {
    this.outbox.push({ peerId, message });
    return true;
  }

  link(): undefined {
    return undefined;
  }

  fire<K extends keyof MeshEvents>(event: K, payload: MeshEvents[K]): void {
    this.emit(event, payload);
  }

  to(peerId: string): ControlMessage[] {
    return this.outbox.filter((o) => o.peerId === peerId).map((o) => o.message);
  }
}

const ADA = { id: 'p-ada', name: 'Ada' };
const MALLORY = { id: 'p-mallory', name: 'Mallory' };

let mesh: FakeMesh;
let session: RoomSession;
let counter: number;

function hello(peerId: string, clientId: string, name: string): void {
  mesh.fire('control-open', { peerId });
  mesh.fire('message', { peerId, message: { t: 'hello', clientId, name } });
}

beforeEach(() => {
  counter = 0;
  mesh = new FakeMesh();
  session = new RoomSession({
    clientId: 'client-bob',
    selfName: () => 'Bob',
    peers: () => [ADA, MALLORY],
    maxReceiveBytes: () => 1_000_000,
    openSink: async (_name, type) => new MemorySink(type),
  });
  session.attach(mesh as unknown as Mesh);
});

describe('a hello that claims someone else’s client id', () => {
  it('gets no re-offer of a file meant for that member and cannot accept it', () => {
    hello(ADA.id, 'client-ada', 'Ada');
    session.transfers.offer([new File(['secret'], 'plans.txt', { type: 'text/plain' })], [ADA.id]);
    const offerId = session.transfers.views()[0]!.id;

    hello(MALLORY.id, 'client-ada', 'Ada');
    expect(mesh.to(MALLORY.id).filter((m) => m.t === 'file-offer')).toEqual([]);
    expect(session.identities.keyOf(MALLORY.id)).toBe(`peer:${MALLORY.id}`);
    expect(session.identities.isDuplicate(MALLORY.id)).toBe(true);

    mesh.fire('message', { peerId: MALLORY.id, message: { t: 'file-accept', id: offerId, offset: 0 } });
    expect(session.transfers.views()[0]).toMatchObject({ state: 'offered', peerName: 'Ada' });
  });

  it('does not turn that member’s chat receipt into “delivered”', () => {
    hello(ADA.id, 'client-ada', 'Ada');
    hello(MALLORY.id, 'client-ada', 'Ada');
    session.chat.send('hi');
    const id = session.chat.list()[0]!.id;
    expect(mesh.to(MALLORY.id).filter((m) => m.t === 'chat')).toHaveLength(1);

    mesh.fire('message', { peerId: MALLORY.id, message: { t: 'chat-ack', id } });
    expect(session.chat.list()[0]!.delivery).toEqual([
      { key: 'client-ada', name: 'Ada', state: 'sent' },
      { key: `peer:${MALLORY.id}`, name: 'Mallory', state: 'delivered' },
    ]);
  });

  it('is refused for our own client id, and a second hello cannot change a link’s identity', () => {
    hello(MALLORY.id, 'client-bob', 'Bob');
    expect(session.identities.keyOf(MALLORY.id)).toBe(`peer:${MALLORY.id}`);
    hello(ADA.id, 'client-ada', 'Ada');
    hello(ADA.id, 'client-other', 'Ada');
    expect(session.identities.keyOf(ADA.id)).toBe('client-ada');
  });

  it('is accepted for a member who came back under a new peer id once the old link is gone', () => {
    hello(ADA.id, 'client-ada', 'Ada');
    mesh.fire('peer-removed', { peerId: ADA.id });
    hello('p-ada-again', 'client-ada', 'Ada');
    expect(session.identities.keyOf('p-ada-again')).toBe('client-ada');
  });

  it('binds afresh on a rebuilt mesh, where the old links are gone without a removal', () => {
    hello(ADA.id, 'client-ada', 'Ada');
    const rebuilt = new FakeMesh();
    mesh = rebuilt;
    session.attach(rebuilt as unknown as Mesh);
    hello('p-ada-again', 'client-ada', 'Ada');
    expect(session.identities.keyOf('p-ada-again')).toBe('client-ada');
  });
});

describe('the author of a chat message', () => {
  it('is the name the server stamped for the peer, not the name in its hello', () => {
    hello(MALLORY.id, 'client-mallory', 'Ada');
    mesh.fire('message', {
      peerId: MALLORY.id,
      message: { t: 'chat', id: `message-${++counter}`, text: 'send me the plans', sentAt: 1 },
    });
    expect(session.chat.list()[0]).toMatchObject({ authorName: 'Mallory', mine: false });
  });
});
