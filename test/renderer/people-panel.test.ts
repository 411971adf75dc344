/**
 * The People panel, the ask to unmute and the bar's buttons over the real room, people and media
 * stores: what each person's row says, who gets the host's controls, and what the buttons do.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { err } from '../../common/result';
import PeopleButtons from '../../renderer/src/components/people/PeopleButtons.vue';
import PeoplePanel from '../../renderer/src/components/people/PeoplePanel.vue';
import TileExtras from '../../renderer/src/components/people/TileExtras.vue';
import UnmuteAsk from '../../renderer/src/components/people/UnmuteAsk.vue';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import { useChatStore } from '../../renderer/src/stores/chat';
import { useMediaStore } from '../../renderer/src/stores/media';
import { usePeopleStore } from '../../renderer/src/stores/people';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useSessionStore } from '../../renderer/src/stores/session';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';
import { withLocale } from './i18n';
import { peerView } from '../fakes/dom/peer-view';

let client: FakeSignalingClient;

beforeEach(() => {
  client = new FakeSignalingClient();
  setActivePinia(piniaWith(fakeServices({ connectSignaling: () => client })));
});

/** A link whose statistics say a 20 ms round trip and no loss. */
function goodLink(): PeerView['link'] {
  const report = [
    { id: 't', type: 'transport', timestamp: 1, selectedCandidatePairId: 'cp' },
    { id: 'cp', type: 'candidate-pair', timestamp: 1, currentRoundTripTime: 0.02, state: 'succeeded' },
  ];
  return {
    pc: { getStats: async () => ({ forEach: (cb: (e: unknown) => void) => report.forEach(cb) }) },
    screenVideoSender: () => null,
    iceRestarts: 0,
  } as unknown as PeerView['link'];
}

function peer(id: string, name: string, more: Partial<PeerView> = {}): PeerView {
  return peerView(id, name, { link: goodLink(), ...more });
}

/** Ada in a room with Bob (muted, hand up) and Cy; `host` hosts it. */
async function inRoom(host: string) {
  await useSessionStore().connect();
  const room = useRoomStore();
  room.self = { id: 'ada', name: 'Ada' };
  room.peers = [
    peer('cy', 'Cy'),
    peer('bob', 'Bob', { micMuted: true, handRaised: true, screenStream: {} as MediaStream }),
  ];
  usePeopleStore().entered({ selfId: 'ada', host, locked: false });
  return room;
}

/** Each row's words: name, tags, what the icons say, the connection. */
const rows = (wrapper: ReturnType<typeof mount>) =>
  wrapper.findAll('li.person').map((row) =>
    row
      .findAll('.name, .tag, .visually-hidden, .words')
      .map((part) => part.text())
      .join(' | '),
  );

describe('PeoplePanel', () => {
  it('lists everyone, hands first, with what they are doing and their connection in words', async () => {
    await inRoom('cy');
    const wrapper = mount(PeoplePanel);
    await flushPromises();

    expect(wrapper.find('h2').text()).toBe('People (3)');
    expect(rows(wrapper)).toEqual([
      'Bob | Hand raised | Muted | Sharing a screen | Good connection',
      'Ada (you)',
      'Cy | Host | Good connection',
    ]);
    // Not the host: no lock, no actions.
    expect(wrapper.find('input[type=checkbox]').exists()).toBe(false);
    expect(wrapper.find('button.more').exists()).toBe(false);
  });

  it('gives the host the lock and, per person, asking to unmute and removing after a confirmation', async () => {
    await inRoom('ada');
    const wrapper = mount(PeoplePanel, { attachTo: document.body });
    await flushPromises();

    await wrapper.get('input[type=checkbox]').setValue(true);
    await wrapper.get('button[aria-label="Actions for Cy"]').trigger('click');
    // Cy is not muted: only removing is offered.
    expect(wrapper.findAll('.menu button').map((b) => b.text())).toEqual(['Remove from the room']);
    await wrapper.get('button[aria-label="Actions for Bob"]').trigger('click');
    expect(wrapper.findAll('.menu button').map((b) => b.text())).toEqual([
      'Ask to unmute',
      'Remove from the room',
    ]);
    await wrapper.get('.menu button').trigger('click');
    await flushPromises();
    expect(client.hostRequests).toEqual([
      ['lock', true],
      ['ask-unmute', 'bob'],
    ]);

    await wrapper.get('button[aria-label="Actions for Bob"]').trigger('click');
    await wrapper.get('.menu button.danger').trigger('click');
    expect(wrapper.get('dialog h2').text()).toBe('Remove Bob?');
    await wrapper.get('dialog button.primary').trigger('click');
    expect(client.hostRequests).toHaveLength(2);
    expect(wrapper.find('dialog').exists()).toBe(false);

    // Cancel leaves the menu open where the focus returns.
    await wrapper.get('.menu button.danger').trigger('click');
    await wrapper.get('dialog button.danger').trigger('click');
    await flushPromises();
    expect(client.hostRequests.at(-1)).toEqual(['remove', 'bob']);
    wrapper.unmount();
  });

  it('says a refusal in words, and the lock to those who are not host', async () => {
    await inRoom('cy');
    const people = usePeopleStore();
    people.updated({ host: 'cy', locked: true });
    client.nextHostAnswer = err('NOT_ALLOWED');
    await people.askUnmute('bob');
    const wrapper = mount(PeoplePanel, { global: { plugins: [withLocale('fr')] } });
    await flushPromises();
    expect(wrapper.get('[role=alert]').text()).toContain('Seul l’hôte de la salle peut faire cela.');
    expect(wrapper.get('[data-locked]').text()).toBe('Verrouillée : personne d’autre ne peut entrer.');
    expect(rows(wrapper)[1]).toBe('Ada (vous)');
  });
});

describe('UnmuteAsk', () => {
  it('says who asks, and only the Unmute click turns the microphone on', async () => {
    await inRoom('cy');
    const media = useMediaStore();
    media.micMuted = true;
    let unmuted = 0;
    media.toggleMute = async () => {
      unmuted += 1;
      media.micMuted = false;
    };
    const people = usePeopleStore();
    const wrapper = mount(UnmuteAsk);
    expect(wrapper.text()).toBe('');

    people.unmuteAsked('cy');
    await flushPromises();
    expect(wrapper.get('[role=alertdialog]').text()).toContain('Cy asks you to unmute');
    expect(unmuted).toBe(0);
    await wrapper.get('button:not(.primary)').trigger('click');
    expect([wrapper.text(), unmuted]).toEqual(['', 0]);

    people.unmuteAsked('cy');
    await flushPromises();
    await wrapper.get('button.primary').trigger('click');
    expect(unmuted).toBe(1);
  });
});

describe('PeopleButtons and the tiles', () => {
  it('opens the People panel in place of the chat, raises the hand and sends a reaction', async () => {
    await inRoom('cy');
    const chat = useChatStore();
    const people = usePeopleStore();
    chat.setOpen(true);
    const wrapper = mount(PeopleButtons);

    await wrapper.get('[data-people-button]').trigger('click');
    expect([people.open, chat.open]).toEqual([true, false]);
    expect(wrapper.get('[data-people-button]').text()).toBe('Close people');

    await wrapper.get('button[aria-pressed]').trigger('click');
    expect(people.handRaised).toBe(true);
    expect(wrapper.get('button[aria-pressed]').text()).toBe('Lower hand');

    await wrapper.get('button[aria-controls=reaction-picker]').trigger('click');
    await wrapper.get('button[aria-label="Send heart"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('#reaction-picker').exists()).toBe(false);
    await wrapper.get('button[aria-controls=reaction-picker]').trigger('click');
    await wrapper.get('button[aria-label="Send applause"]').trigger('click');
    expect(people.reactions.map((r) => [r.owner, r.emoji])).toEqual([['self', '👏']]);
    expect(wrapper.find('#reaction-picker').exists()).toBe(false);
  });

  it('where the bar is narrow, offers the three as one menu', async () => {
    await inRoom('cy');
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query.includes('max-width'),
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    const people = usePeopleStore();
    const wrapper = mount(PeopleButtons);
    vi.unstubAllGlobals();
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['People, hand and reactions']);

    await wrapper.get('button').trigger('click');
    const menu = wrapper.get('#reaction-picker');
    expect(menu.findAll('button').map((b) => b.attributes('aria-label') ?? b.text())).toEqual([
      'People (3)',
      'Raise hand',
      'Send thumbs up',
      'Send applause',
      'Send laughter',
      'Send heart',
      'Send celebration',
      'Send surprise',
    ]);
    await menu.findAll('button')[1]!.trigger('click');
    expect(people.handRaised).toBe(true);
    await wrapper.get('#reaction-picker button').trigger('click');
    expect([people.open, wrapper.find('#reaction-picker').exists()]).toEqual([true, false]);
  });

  it('announces a reaction from someone else politely, and shows it and their hand on their tile', async () => {
    await inRoom('cy');
    const people = usePeopleStore();
    const buttons = mount(PeopleButtons);
    const tile = mount(TileExtras, { props: { owner: 'bob', handRaised: true } });

    // What a link delivers, as the room session hands it on (rtc/room-session.ts).
    const session = { on: (_: string, listener: (e: unknown) => void) => ((deliver = listener), () => {}) };
    let deliver: (event: unknown) => void = () => {};
    people.attach(session as never);
    deliver({ peerId: 'bob', emoji: '🎉' });
    await flushPromises();

    expect(buttons.get('[role=status]').text()).toBe('Bob: celebration');
    expect(tile.get('[data-hand]').text()).toBe('Hand raised');
    expect(tile.get('[data-reaction]').text()).toBe('🎉');
  });
});
