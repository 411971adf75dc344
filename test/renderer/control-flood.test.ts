/**
 * Chat and file offers from another machine are bounded per sender, like reactions and annotations:
 * a peer that floods its control channel with thousands of messages cannot fill our chat or our list
 * of offered files, while everyone else's messages, and the flooder's own once it slows down, still
 * arrive.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_RATE, type ControlMessage } from '../../common/peer-protocol';
import { Emitter } from '../../renderer/src/rtc/emitter';
import type { Mesh, MeshEvents } from '../../renderer/src/rtc/mesh';
import { RoomSession } from '../../renderer/src/rtc/room-session';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';

/** The part of a mesh the room session uses, driven by the test; links have no DTLS (guests). */
class FakeMesh extends Emitter<MeshEvents> {
  readonly outbox: { peerId: string; message: ControlMessage }[] = [];

  sendControl(peerId: string, message: ControlMessage): boolean {
    this.outbox.push({ peerId, message });
    return true;
  }

  private readonly noDtls = { pc: { currentLocalDescription: null, currentRemoteDescription: null } };

  link(): { pc: { currentLocalDescription: null; currentRemoteDescription: null } } {
    return this.noDtls;
  }

  fire<K extends keyof MeshEvents>(event: K, payload: MeshEvents[K]): void {
    this.emit(event, payload);
  }
}

const MALLORY = { id: 'p-mallory', name: 'Mallory' };
const ADA = { id: 'p-ada', name: 'Ada' };
const FLOOD = 10_000;

let mesh: FakeMesh;
let session: RoomSession;
let now: number;

async function guestSaysHello(peer: { id: string; name: string }): Promise<void> {
  mesh.fire('control-open', { peerId: peer.id });
  for (let turn = 0; !mesh.outbox.some((o) => o.peerId === peer.id); turn++) {
    if (turn > 1_000) throw new Error(`no hello sent to ${peer.id}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  mesh.fire('message', {
    peerId: peer.id,
    message: { t: 'hello', clientId: `client-${peer.id}`, name: peer.name },
  });
}

function chatFrom(peerId: string, id: string): void {
  mesh.fire('message', { peerId, message: { t: 'chat', id, text: 'spam', sentAt: 1 } });
}

function chatsFrom(peerId: string): number {
  return session.chat.list().filter((m) => !m.mine && m.authorKey === `guest/client-${peerId}`).length;
}

beforeEach(async () => {
  now = 0;
  mesh = new FakeMesh();
  session = new RoomSession({
    clientId: 'client-bob',
    selfName: () => 'Bob',
    place: () => 'room:Standup',
    peers: () => [MALLORY, ADA],
    now: () => now,
    maxReceiveBytes: () => 1_000_000,
    openSink: async (_name, type) => new MemorySink(type),
  });
  session.attach(mesh as unknown as Mesh);
  await guestSaysHello(MALLORY);
  await guestSaysHello(ADA);
});

describe('a flood on the control channel', () => {
  it('of chat messages keeps a burst, drops the rest unread, and lets others and the slowed sender through', () => {
    for (let i = 0; i < FLOOD; i++) chatFrom(MALLORY.id, `flood-${i}`);
    expect(chatsFrom(MALLORY.id)).toBe(CONTROL_RATE.chat.burst);
    // Nothing is acknowledged that was not shown.
    const acks = mesh.outbox.filter((o) => o.peerId === MALLORY.id && o.message.t === 'chat-ack');
    expect(acks).toHaveLength(CONTROL_RATE.chat.burst);

    chatFrom(ADA.id, 'ada-1');
    expect(chatsFrom(ADA.id)).toBe(1);

    now += 1_000;
    chatFrom(MALLORY.id, 'later');
    expect(chatsFrom(MALLORY.id)).toBe(CONTROL_RATE.chat.burst + 1);
  });

  it('of file offers lists a burst of them, not ten thousand', () => {
    const offered: string[] = [];
    session.transfers.on('offered', (view) => offered.push(view.id));
    for (let i = 0; i < FLOOD; i++) {
      mesh.fire('message', {
        peerId: MALLORY.id,
        message: { t: 'file-offer', id: `offer-${i}`, name: 'a.txt', size: 1, type: 'text/plain' },
      });
    }
    expect(offered).toHaveLength(CONTROL_RATE.fileOffer.burst);
    mesh.fire('message', {
      peerId: ADA.id,
      message: { t: 'file-offer', id: 'ada-offer', name: 'b.txt', size: 1, type: 'text/plain' },
    });
    expect(offered).toContain('ada-offer');
  });
});
