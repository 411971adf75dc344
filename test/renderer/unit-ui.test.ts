/**
 * Forwarding mode as the room shows it, over the real room store: the header says media goes through
 * the forwarding unit, the unit's code is compared with the host's, a person's code says what it still
 * verifies, and a refused publish is said plainly.
 */
import { mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import CompareCodeDialog from '../../renderer/src/components/room/CompareCodeDialog.vue';
import UnitBadge from '../../renderer/src/components/unit/UnitBadge.vue';
import UnitCodeDialog from '../../renderer/src/components/unit/UnitCodeDialog.vue';
import UnitRefusal from '../../renderer/src/components/unit/UnitRefusal.vue';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import type { UnitLinkView } from '../../renderer/src/rtc/unit-link';
import { useRoomStore } from '../../renderer/src/stores/room';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { withLocale } from './i18n';

const CONNECTED: UnitLinkView = {
  publish: 'connected',
  subscribe: 'connected',
  code: '12 34 56',
  refused: null,
};

function forwardedRoom(unit: Partial<UnitLinkView> = {}) {
  const room = useRoomStore();
  room.mode = 'forwarded';
  room.unit = { ...CONNECTED, ...unit };
  return room;
}

beforeEach(() => setActivePinia(piniaWith(fakeServices())));

describe('a forwarded room', () => {
  it('says in the header that media passes through the forwarding unit, and nothing in a mesh room', async () => {
    const room = useRoomStore();
    const badge = mount(UnitBadge, { props: { detailsOpen: false } });
    expect(badge.text()).toBe('');
    forwardedRoom({ subscribe: 'reconnecting' });
    await badge.vm.$nextTick();
    expect(badge.get('[role="note"]').attributes('aria-label')).toBe(
      'Media in this room passes through the forwarding unit',
    );
    expect(badge.get('[role="status"]').text()).toBe('Reconnecting to the forwarding unit…');
    await badge
      .findAll('button')
      .find((b) => b.text() === 'Compare code with the host')!
      .trigger('click');
    expect(badge.emitted('compare')).toHaveLength(1);
    expect(room.mode).toBe('forwarded');
  });

  it('shows the unit’s code to compare with the host, and says it verifies the unit, not a person', () => {
    forwardedRoom();
    const dialog = mount(UnitCodeDialog, { attachTo: document.body });
    expect(dialog.get('.code').attributes('aria-label')).toBe('Forwarding unit code: 12 34 56');
    expect(dialog.text()).toContain('This code verifies the forwarding unit, not a person.');
    dialog.unmount();
  });

  it('waits for the code until the connection to the unit is up', () => {
    forwardedRoom({ code: null, subscribe: 'connecting' });
    const dialog = mount(UnitCodeDialog, { attachTo: document.body });
    expect(dialog.find('.code').exists()).toBe(false);
    expect(dialog.get('[role="status"]').text()).toBe(
      'The code appears once the connection to the forwarding unit is up.',
    );
    dialog.unmount();
  });

  it('tells a person’s code verifies chat and files with them, not their media', () => {
    const room = forwardedRoom();
    room.peers = [
      {
        id: 'ada',
        name: 'Ada',
        state: 'connected',
        sas: '11 22 33',
        problem: null,
        link: {},
      } as unknown as PeerView,
    ];
    const dialog = mount(CompareCodeDialog, { props: { peerId: 'ada' }, attachTo: document.body });
    expect(dialog.get('.forwarded').text()).toContain(
      'the code below verifies your chat and files with Ada, not their camera, sound or screen',
    );
    expect(dialog.text()).not.toContain('your connection goes straight to them');
    dialog.unmount();
  });

  it('says plainly when the unit refused our media, with how many people send already', async () => {
    const refusal = mount(UnitRefusal);
    expect(refusal.find('[role="alert"]').exists()).toBe(false);
    forwardedRoom({ refused: { senders: 8, freed: false } });
    await refusal.vm.$nextTick();
    expect(refusal.get('[role="alert"]').text()).toMatch(
      /^This room already has 8 people sending video or sound, as many as the forwarding unit takes: you stay muted, with your camera and share off\. You can send when one of them stops\./,
    );
    const french = mount(UnitRefusal, { global: { plugins: [withLocale('fr')] } });
    expect(french.get('[role="alert"]').text()).toMatch(/^8 personnes envoient déjà de la vidéo ou du son/);

    // One of them stopped: a place may be free, and the user is told how to try.
    forwardedRoom({ refused: { senders: 7, freed: true } });
    await refusal.vm.$nextTick();
    expect(refusal.find('[role="alert"]').exists()).toBe(false);
    expect(refusal.get('[role="status"]').text()).toBe(
      'Someone stopped sending: there may be a place for you now. Unmute, turn your camera on or share your screen to try again.',
    );
  });
});
