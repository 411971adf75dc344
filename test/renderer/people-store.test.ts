import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err } from '../../common/result';
import { useChatStore } from '../../renderer/src/stores/chat';
import { useMediaStore } from '../../renderer/src/stores/media';
import { REACTION_SHOWN_MS, usePeopleStore } from '../../renderer/src/stores/people';
import { useRoomStore } from '../../renderer/src/stores/room';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';

let client: FakeSignalingClient;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  FakePeerConnection.created = [];
  client = new FakeSignalingClient();
  client.peers = [{ id: 'p1', name: 'Bob' }];
  setActivePinia(piniaWith(fakeServices({ connectSignaling: () => client })));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** What our media signals to `peerId` said last about our hand. */
function lastHandTo(peerId: string): boolean | undefined {
  const media = client.signals.filter((s) => s.to === peerId && s.data.kind === 'media');
  const last = media.at(-1)?.data;
  return last?.kind === 'media' ? last.state.handRaised : undefined;
}

describe('people store', () => {
  it('knows who hosts from the join answer and follows room:updated', async () => {
    client.host = 'p1';
    await useRoomStore().join('standup', 'Ada');
    const people = usePeopleStore();
    expect(people).toMatchObject({ host: 'p1', isHost: false, locked: false });

    client.serverEmit('room:updated', { host: 'p1', locked: true });
    expect(people.locked).toBe(true);
    client.serverEmit('peer:left', { id: 'p1' });
    client.serverEmit('room:updated', { host: useRoomStore().self?.id ?? '', locked: true });
    expect(people.isHost).toBe(true);
  });

  it('hosts a room it created; forgets all of it on leaving', async () => {
    const room = useRoomStore();
    await room.join('standup', 'Ada');
    const people = usePeopleStore();
    expect(people.isHost).toBe(true);
    people.toggleHand();
    await room.leave();
    expect(people).toMatchObject({ host: null, isHost: false, handRaised: false, open: false });
  });

  it('a raised hand is told to every link with the media state, and a peer’s hand shows on them', async () => {
    const room = useRoomStore();
    await room.join('standup', 'Ada');
    const people = usePeopleStore();
    expect(lastHandTo('p1')).toBe(false);

    people.toggleHand();
    await vi.waitFor(() => expect(lastHandTo('p1')).toBe(true));
    people.toggleHand();
    await vi.waitFor(() => expect(lastHandTo('p1')).toBe(false));

    client.serverEmit('signal', {
      from: 'p1',
      data: {
        kind: 'media',
        state: {
          micMuted: true,
          cameraOff: false,
          cameraStreamId: null,
          screenStreamId: null,
          handRaised: true,
        },
      },
    });
    await vi.waitFor(() => expect(room.peers[0]?.handRaised).toBe(true));
  });

  it('a later joiner is told of a hand already raised, on its first link', async () => {
    await useRoomStore().join('standup', 'Ada');
    usePeopleStore().toggleHand();
    client.serverEmit('peer:joined', { id: 'p2', name: 'Cy' });
    expect(lastHandTo('p2')).toBe(true);
  });

  it('an ask to unmute from the host waits for our answer; from anyone else it is ignored', async () => {
    client.host = 'p1';
    client.peers = [
      { id: 'p1', name: 'Bob' },
      { id: 'p2', name: 'Cy' },
    ];
    await useRoomStore().join('standup', 'Ada');
    const people = usePeopleStore();
    const media = useMediaStore();
    media.toggleMute();
    expect(media.micMuted).toBe(true);

    client.serverEmit('room:unmute-asked', { from: 'p2' });
    expect(people.unmuteAskedBy).toBeNull();
    client.serverEmit('room:unmute-asked', { from: 'p1' });
    expect(people.unmuteAskedBy).toBe('p1');
    expect(media.micMuted).toBe(true);

    people.answerUnmute(false);
    expect(people.unmuteAskedBy).toBeNull();
    expect(media.micMuted).toBe(true);

    client.serverEmit('room:unmute-asked', { from: 'p1' });
    people.answerUnmute(true);
    expect(media.micMuted).toBe(false);
  });

  it('sends the host controls to the server and keeps a refusal to say', async () => {
    await useRoomStore().join('standup', 'Ada');
    const people = usePeopleStore();

    expect(await people.lock(true)).toBe(true);
    expect(await people.askUnmute('p1')).toBe(true);
    client.nextHostAnswer = err('NOT_ALLOWED');
    expect(await people.remove('p1')).toBe(false);

    expect(client.hostRequests).toEqual([
      ['lock', true],
      ['ask-unmute', 'p1'],
      ['remove', 'p1'],
    ]);
    expect(people.problem).toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('shares the side area with the chat: opening one closes the other', () => {
    const people = usePeopleStore();
    const chat = useChatStore();
    people.setOpen(true);
    expect(chat.open).toBe(false);
    chat.setOpen(true);
    expect(people.open).toBe(false);
    people.setOpen(true);
    expect([people.open, chat.open]).toEqual([true, false]);
  });

  it('floats a reaction over its owner for a while, at most three at once per person', () => {
    vi.useFakeTimers();
    const people = usePeopleStore();
    for (const emoji of ['👍', '👏', '😂', '🎉'] as const) people.react(emoji);
    expect(people.reactions.map((r) => r.emoji)).toEqual(['👏', '😂', '🎉']);
    expect(people.lastReaction).toMatchObject({ owner: 'self', emoji: '🎉' });
    vi.advanceTimersByTime(REACTION_SHOWN_MS);
    expect(people.reactions).toEqual([]);
  });
});
