/**
 * The security code is read in one place, the "Compare security code" dialog: the room view's tiles
 * and connection details say how far someone is trusted, and offer the dialog, but show no code.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PeerTrust as LinkIdentity } from '../../renderer/src/rtc/identities';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import { useRoomStore } from '../../renderer/src/stores/room';
import RoomView from '../../renderer/src/views/RoomView.vue';
import { peerView } from '../fakes/dom/peer-view';
import { testingPinia } from '../fakes/dom/services';

const CODE = '61 46 14';
const KEYED: LinkIdentity = { kind: 'keyed', clientId: 'c-bob', deviceId: 'dev-bob', publicKey: 'pk-bob' };

/** Bob, connecting (no audio levels polled), with the code of the link; no statistics to show. */
function bob(): PeerView {
  return peerView('b', 'Bob', { state: 'connecting', sas: CODE });
}

function mountRoom() {
  const pinia = testingPinia({ stubActions: false });
  const room = useRoomStore(pinia);
  room.peers = [bob()];
  room.trustByPeer = new Map([['b', { trust: KEYED, held: false }]]);
  return mount(RoomView, { global: { plugins: [pinia] }, attachTo: document.body });
}

describe('the security code in the room', () => {
  it('is on no tile: Bob’s tile has his trust badge and opens the dialog, which shows the code', async () => {
    const wrapper = mountRoom();
    const tile = wrapper.get('figure[aria-label="Camera of Bob"]');
    expect(tile.get('.trust-badge').text()).toBe('Not verified');
    expect(wrapper.text()).not.toContain(CODE);
    expect(wrapper.find('[aria-label^="Security code"]').exists()).toBe(false);

    await tile.get('button[aria-label="Compare code with Bob"]').trigger('click');
    const dialog = wrapper.get('dialog');
    expect(dialog.get('.code').attributes('aria-label')).toBe(`Security code with Bob: ${CODE}`);
    wrapper.unmount();
  });

  it('is not in the connection details either, which still say how far Bob is trusted', async () => {
    const wrapper = mountRoom();
    await wrapper.get('button[aria-label="Connection details for Bob"]').trigger('click');
    await flushPromises();
    const details = wrapper.get('section[aria-label="Connection details for Bob"]');
    expect(details.get('.trust-badge').text()).toBe('Not verified');
    expect(details.text()).not.toContain(CODE);
    expect(details.find('[aria-label^="Security code"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
