/**
 * The unit is the DTLS client of every publish connection (the member offers, the unit answers
 * `active`). A member whose DTLS server verifies cookies (werift's does; any client someone writes
 * from docs/PROTOCOL.md may) answers a ClientHello the unit repeated while the member was busy with a
 * second HelloVerifyRequest. The unit must ignore the stale one, as a browser does, and go on
 * publishing. A room of 50 with 7 werift senders, on a loaded machine, lost every one of them so.
 */
import { describe, expect, it } from 'vitest';
import { DtlsServer, DtlsSocket } from 'werift';
import { Member, ROOM } from './werift-clients';
import { useUnitRoom } from './unit-room';

/** A DTLS record carrying a HelloVerifyRequest: handshake content (22), message type 3 after the header. */
function isHelloVerify(datagram: Buffer): boolean {
  return datagram[0] === 22 && datagram[13] === 3;
}

/**
 * Each member's DTLS server (in this test process) sends its HelloVerifyRequest a second time, as its
 * own datagram, just before its next flight: what the unit receives when its repeated ClientHello was
 * answered late.
 */
const assemble = DtlsSocket.prototype.handleFragmentHandshake;
const repeating = new WeakSet<DtlsSocket>();
DtlsSocket.prototype.handleFragmentHandshake = function (
  this: DtlsSocket,
  messages: Parameters<typeof assemble>[0],
) {
  if (this instanceof DtlsServer && !repeating.has(this)) {
    repeating.add(this);
    // werift declares send readonly; it is a plain property of each transport.
    const transport = this.transport as unknown as { send: (datagram: Buffer) => Promise<void> };
    const send = transport.send;
    let verify: Buffer | null = null;
    let repeated = false;
    transport.send = async (datagram) => {
      if (!verify && isHelloVerify(datagram)) verify = datagram;
      else if (verify && !repeated) {
        repeated = true;
        await send(verify);
      }
      return send(datagram);
    };
  }
  return assemble.call(this, messages);
};

const room = useUnitRoom();
const members = room.members;

describe('the forwarding unit as a DTLS client', { timeout: 60_000 }, () => {
  it('publishes a member whose DTLS server sent its HelloVerifyRequest twice', async () => {
    const unit = await room.start();
    const alice = new Member(unit, 'alice', 'VP8');
    const bob = new Member(unit, 'bob', 'VP8');
    members.set('alice', alice).set('bob', bob);
    unit.join(ROOM, 'alice');
    unit.join(ROOM, 'bob');
    await alice.startPublishing();
    const received = () => [...bob.received.values()].reduce((sum, packets) => sum + packets.length, 0);
    await bob.sendUntil(alice, () => received() >= 6);
    expect(received()).toBeGreaterThanOrEqual(6);
  });
});
