/**
 * In a forwarded room a person's link carries chat and files only: their camera, sound and screen come
 * through the forwarding unit. When that link cannot connect (a Wi-Fi that keeps its clients apart, a
 * firewall), the room must not say the call failed on a tile whose video plays: it says once, for
 * everyone concerned, that chat and files cannot reach them and that their media still comes through.
 */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { IceProblem } from '../../renderer/src/rtc/ice-diagnosis';
import type { LinkState } from '../../renderer/src/rtc/peer-link';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import { useRoomStore } from '../../renderer/src/stores/room';
import RoomView from '../../renderer/src/views/RoomView.vue';
import { peerView } from '../fakes/dom/peer-view';
import { testingPinia } from '../fakes/dom/services';
import { withLocale } from './i18n';

const NO_ADDRESS = 'The other computer sent no network address.';

function person(name: string, state: LinkState, problem: IceProblem | null = null): PeerView {
  return peerView(name.toLowerCase(), name, { state, problem });
}

function mountRoom(mode: 'mesh' | 'forwarded', peers: PeerView[], locale?: 'fr') {
  const pinia = testingPinia({ stubActions: false });
  const room = useRoomStore(pinia);
  room.mode = mode;
  room.peers = peers;
  const plugins = locale ? [pinia, withLocale(locale)] : [pinia];
  return mount(RoomView, { global: { plugins }, attachTo: document.body });
}

const unreachable = (count: number) =>
  Array.from({ length: count }, (_, i) => person(`Member ${i + 1}`, 'failed', 'no-remote-candidates'));

describe('a forwarded room whose chat links cannot connect', () => {
  it('says once that chat and files cannot reach them, and no tile says the call failed', () => {
    const wrapper = mountRoom('forwarded', [
      person('Bob', 'failed', 'no-remote-candidates'),
      person('Cy', 'connecting', 'no-remote-candidates'),
      person('Dee', 'connected'),
      // Still connecting, with no diagnosis yet: nothing to say about Eve.
      person('Eve', 'connecting'),
    ]);
    for (const name of ['Bob', 'Cy', 'Dee', 'Eve']) {
      const tile = wrapper.get(`figure[aria-label="Camera of ${name}"]`);
      expect(tile.text()).not.toMatch(/Could not connect|Connecting…/);
      expect(tile.find('[role="alert"]').exists()).toBe(false);
    }
    expect(wrapper.text()).not.toContain(NO_ADDRESS);
    const notices = wrapper.findAll('[role="status"]').filter((n) => n.text().includes('Chat and files'));
    expect(notices.map((n) => n.text())).toEqual([
      'Chat and files cannot reach Bob and Cy: this computer cannot connect to theirs directly on this network. ' +
        'Their camera, sound and screen still come through the forwarding unit.',
    ]);
    wrapper.unmount();
  });

  it('names three people and counts the others in a large room, in English and in French', () => {
    const english = mountRoom('forwarded', unreachable(48));
    expect(english.text()).toContain(
      'Chat and files cannot reach Member 1, Member 2, Member 3 and 45 others:',
    );
    english.unmount();
    const french = mountRoom('forwarded', unreachable(4), 'fr');
    expect(french.text()).toContain(
      'La discussion et les fichiers ne peuvent pas joindre Member 1, Member 2, Member 3 et 1 autre personne :',
    );
    french.unmount();
  });
});

describe('a mesh room whose link cannot connect', () => {
  it('still says on the tile that the call could not connect, and why', () => {
    const wrapper = mountRoom('mesh', [person('Bob', 'failed', 'no-remote-candidates')]);
    const tile = wrapper.get('figure[aria-label="Camera of Bob"]');
    expect(tile.text()).toContain('Could not connect');
    expect(tile.get('[role="alert"]').text()).toContain(NO_ADDRESS);
    expect(wrapper.text()).not.toContain('Chat and files cannot reach');
    wrapper.unmount();
  });
});
