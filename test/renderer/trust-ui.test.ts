/**
 * Trust as the room UI shows it, over the real room and trust stores (the engine's part is in
 * peer-identity.test.ts): each standing's badge, the security code dialog and what its buttons do,
 * the key-change alert, what the chat and files panels say of held and refused people, and the
 * verified contacts on Home.
 */
import { mount } from '@vue/test-utils';
import { setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ChatPanel from '../../renderer/src/components/ChatPanel.vue';
import FilesPanel from '../../renderer/src/components/FilesPanel.vue';
import VerifiedContacts from '../../renderer/src/components/home/VerifiedContacts.vue';
import CompareCodeDialog from '../../renderer/src/components/room/CompareCodeDialog.vue';
import KeyChangeAlert from '../../renderer/src/components/room/KeyChangeAlert.vue';
import PeerTrust from '../../renderer/src/components/room/PeerTrust.vue';
import type { ChatMessage } from '../../renderer/src/rtc/chat';
import type { PeerTrust as LinkIdentity } from '../../renderer/src/rtc/identities';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import type { Services } from '../../renderer/src/services';
import { createStorageArea } from '../../renderer/src/services/storage';
import { useChatStore } from '../../renderer/src/stores/chat';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useTrustStore } from '../../renderer/src/stores/trust';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { withLocale } from './i18n';

const ADA_KEY: LinkIdentity = { kind: 'keyed', clientId: 'c-ada', deviceId: 'dev-ada', publicKey: 'pk-ada' };
const OTHER_KEY: LinkIdentity = {
  kind: 'keyed',
  clientId: 'c-eve',
  deviceId: 'dev-eve',
  publicKey: 'pk-eve',
};
const GUEST: LinkIdentity = { kind: 'guest', clientId: 'c-guest' };

let storage: Services['storage'];
let pinia: Pinia;

/** A fresh app over the same storage: what a reload sees. */
function reload(): Pinia {
  pinia = piniaWith(fakeServices({ storage }));
  setActivePinia(pinia);
  return pinia;
}

beforeEach(() => {
  storage = { local: createStorageArea(null), session: createStorageArea(null) };
  reload();
});

function peer(id: string, name: string, sas: string | null = '12345 67890'): PeerView {
  // Only what the trust UI reads; the link is never touched by these components.
  return { id, name, state: 'connected', sas, problem: null, link: {} } as unknown as PeerView;
}

/** The room holds these links, each with its checked identity. */
function inRoom(...links: [PeerView, LinkIdentity, boolean?][]): ReturnType<typeof useRoomStore> {
  const room = useRoomStore();
  room.peers = links.map(([view]) => view);
  room.trustByPeer = new Map(links.map(([view, trust, held]) => [view.id, { trust, held: held ?? false }]));
  return room;
}

function mountTrust(peerId: string, name: string, locale: 'en' | 'fr' = 'en') {
  return mount(PeerTrust, { props: { peerId, name }, global: { plugins: [pinia, withLocale(locale)] } });
}

describe('the trust badge', () => {
  it.each([
    ['a keyed link not compared yet', ADA_KEY, false, 'Not verified'],
    ['a guest without a device key', GUEST, false, 'Unverified guest'],
    [
      'a link whose hello did not check',
      { kind: 'refused', reason: 'forged' } as LinkIdentity,
      false,
      'Identity check failed',
    ],
    ['a pinned key', ADA_KEY, true, 'Verified'],
  ])('says "%s" in words', (_, identity, pin, words) => {
    if (pin) useTrustStore().verify('Ada', ADA_KEY);
    inRoom([peer('p1', 'Ada'), identity]);
    expect(mountTrust('p1', 'Ada').get('.trust-badge').text()).toBe(words);
  });

  it('says "Key changed" for a verified name with another key, or with none', () => {
    useTrustStore().verify('Ada', ADA_KEY);
    inRoom([peer('p1', 'Ada'), OTHER_KEY], [peer('p2', 'ada '), GUEST]);
    expect(mountTrust('p1', 'Ada').get('.trust-badge').text()).toBe('Key changed');
    expect(mountTrust('p2', 'ada ').get('.trust-badge').text()).toBe('Key changed');
  });

  it('explains a guest in its tooltip, and shows nothing before the hello', () => {
    inRoom([peer('p1', 'Bob'), GUEST], [peer('p2', 'Cy'), { kind: 'pending' }]);
    expect(mountTrust('p1', 'Bob').get('.trust-badge').attributes('title')).toBe(
      'Bob has no device key (a browser on plain http): who they are cannot be verified. They never receive what was meant for a verified contact.',
    );
    expect(mountTrust('p2', 'Cy').find('.trust-badge').exists()).toBe(false);
  });

  it('speaks French', () => {
    useTrustStore().verify('Ada', ADA_KEY);
    inRoom([peer('p1', 'Ada'), ADA_KEY], [peer('p2', 'Bob'), GUEST]);
    expect(mountTrust('p1', 'Ada', 'fr').get('.trust-badge').text()).toBe('Vérifié');
    expect(mountTrust('p2', 'Bob', 'fr').get('.trust-badge').text()).toBe('Invité non vérifié');
  });

  it('offers the comparison once the hello is in, a refused link included', async () => {
    inRoom(
      [peer('p1', 'Ada'), ADA_KEY],
      [peer('p2', 'Mal'), { kind: 'refused', reason: 'forged' }],
      [peer('p3', 'Cy'), { kind: 'pending' }],
    );
    const ada = mountTrust('p1', 'Ada');
    await ada.get('button[aria-label="Compare code with Ada"]').trigger('click');
    expect(ada.emitted('compare')).toHaveLength(1);
    expect(mountTrust('p2', 'Mal').find('button[aria-label="Compare code with Mal"]').exists()).toBe(true);
    expect(mountTrust('p3', 'Cy').find('button').exists()).toBe(false);
    const details = mount(PeerTrust, {
      props: { peerId: 'p1', name: 'Ada', offerCompare: false },
      global: { plugins: [pinia] },
    });
    expect(details.text()).toBe('Not verified');
  });

  it('keeps a warning on a link held after "They don\'t match", with Undo', async () => {
    const room = inRoom([peer('p1', 'Ada'), ADA_KEY, true]);
    const release = vi.spyOn(room, 'releasePeer');
    const wrapper = mountTrust('p1', 'Ada');
    expect(wrapper.get('[role="status"]').text()).toContain(
      "You said the codes don't match: nothing more is sent to Ada.",
    );
    await wrapper.get('button[aria-label="Undo: send to Ada again"]').trigger('click');
    expect(release).toHaveBeenCalledWith('p1');
  });
});

function mountDialog(peerId = 'p1') {
  return mount(CompareCodeDialog, {
    props: { peerId },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
}

function button(wrapper: ReturnType<typeof mount>, name: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('the security code dialog', () => {
  it('is a dialog named for the person, showing the code of the link', () => {
    inRoom([peer('p1', 'Ada', '48213 90217'), ADA_KEY]);
    const wrapper = mountDialog();
    const dialog = wrapper.get('dialog');
    const title = wrapper.get(`#${dialog.attributes('aria-labelledby')}`);
    expect(title.text()).toBe('Compare security code with Ada');
    expect(wrapper.get('.code').attributes('aria-label')).toBe('Security code with Ada: 48213 90217');
    expect(wrapper.text()).toContain('Read this code to Ada aloud');
    wrapper.unmount();
  });

  it('"They match" pins the key, releases the link, and the pin survives a reload', async () => {
    const room = inRoom([peer('p1', 'Ada'), ADA_KEY, true]);
    const release = vi.spyOn(room, 'releasePeer');
    const wrapper = mountDialog();
    await button(wrapper, 'They match — mark as verified').trigger('click');
    expect(release).toHaveBeenCalledWith('p1');
    expect(wrapper.emitted('close')).toHaveLength(1);
    wrapper.unmount();
    reload();
    inRoom([peer('p9', 'Ada'), ADA_KEY]);
    expect(mountTrust('p9', 'Ada').get('.trust-badge').text()).toBe('Verified');
  });

  it('"They don\'t match" holds the link and pins nothing', async () => {
    const room = inRoom([peer('p1', 'Ada'), ADA_KEY]);
    const hold = vi.spyOn(room, 'holdPeer');
    const wrapper = mountDialog();
    await button(wrapper, "They don't match").trigger('click');
    expect(hold).toHaveBeenCalledWith('p1');
    expect(useTrustStore().pinned).toEqual([]);
    wrapper.unmount();
  });

  it('waits for the code before it can be matched', () => {
    inRoom([peer('p1', 'Ada', null), ADA_KEY]);
    const wrapper = mountDialog();
    expect(button(wrapper, 'They match — mark as verified').attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('The code appears once the connection to Ada is up.');
    wrapper.unmount();
  });

  it('explains why a guest cannot be verified, and offers nothing to match', () => {
    inRoom([peer('p1', 'Bob'), GUEST]);
    const wrapper = mountDialog();
    expect(wrapper.text()).toContain('Bob is an unverified guest: their browser has no device key');
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Close']);
    wrapper.unmount();
  });

  it.each([
    ['a guest', GUEST],
    ['a refused link', { kind: 'refused', reason: 'forged' } as LinkIdentity],
  ])('shows %s the code all the same, to tell a direct link from one with someone between', (_, who) => {
    inRoom([peer('p1', 'Bob', '11111 22222'), who]);
    const wrapper = mountDialog();
    expect(wrapper.get('.code').attributes('aria-label')).toBe('Security code with Bob: 11111 22222');
    expect(wrapper.text()).toContain('Bob sees a code too: if it is not the same');
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Close']);
    wrapper.unmount();
  });

  it('closes on Escape, and when the person leaves', async () => {
    inRoom([peer('p1', 'Ada'), ADA_KEY]);
    const wrapper = mountDialog();
    await wrapper.get('dialog').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('close')).toHaveLength(1);
    useRoomStore().peers = [];
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('close')).toHaveLength(2);
    wrapper.unmount();
  });
});

describe('the key-change alert', () => {
  function mountAlert() {
    return mount(KeyChangeAlert, { global: { plugins: [pinia] } });
  }

  it('warns loudly about a verified name with another key while it is held, and offers both ways on', async () => {
    useTrustStore().verify('Ada', ADA_KEY);
    const room = inRoom([peer('p1', 'Ada'), OTHER_KEY, true]);
    const release = vi.spyOn(room, 'releasePeer');
    const wrapper = mountAlert();
    expect(wrapper.get('[role="alert"] p').text()).toBe(
      'Ada is not the Ada you verified: their device key changed (or they have none). Nothing has been sent to them.',
    );
    await button(wrapper, 'Compare security code').trigger('click');
    expect(wrapper.emitted('compare')).toEqual([['p1']]);
    await button(wrapper, 'Continue without verifying').trigger('click');
    expect(release).toHaveBeenCalledWith('p1');
    expect(useTrustStore().pinned.map((p) => p.deviceId)).toEqual(['dev-ada']);
  });

  it('is gone once released for this session, and shows nothing for anyone else', () => {
    useTrustStore().verify('Ada', ADA_KEY);
    inRoom([peer('p1', 'Ada'), OTHER_KEY, false], [peer('p2', 'Bob'), GUEST]);
    expect(mountAlert().find('[role="alert"]').exists()).toBe(false);
  });

  it('verifying the new key replaces the old pin and clears the alarm', async () => {
    useTrustStore().verify('Ada', ADA_KEY);
    inRoom([peer('p1', 'Ada'), OTHER_KEY, true]);
    const dialog = mountDialog();
    expect(dialog.text()).toContain('Ada is not the Ada you verified');
    await button(dialog, 'They match — mark as verified').trigger('click');
    expect(useTrustStore().pinned.map((p) => p.deviceId)).toEqual(['dev-eve']);
    dialog.unmount();
    expect(mountTrust('p1', 'Ada').get('.trust-badge').text()).toBe('Verified');
  });
});

describe('chat and files', () => {
  function mine(keys: [string, string][]): ChatMessage {
    const delivery = keys.map(([key, name]) => ({ key, name, state: 'sent' as const }));
    return { id: 'm1', authorName: 'Me', authorKey: null, mine: true, text: 'hi', sentAt: 0, delivery };
  }

  it('says a message waits for a changed key, and marks each author', () => {
    useTrustStore().verify('Ada', ADA_KEY);
    inRoom([peer('p1', 'Ada'), OTHER_KEY, true], [peer('p2', 'Bob'), GUEST]);
    const received: ChatMessage = {
      ...mine([]),
      id: 'm2',
      mine: false,
      authorName: 'Bob',
      authorKey: 'guest/c-guest',
    };
    useChatStore().messages = [
      mine([
        ['peer:p1', 'Ada'],
        ['guest/c-guest', 'Bob'],
      ]),
      received,
    ];
    const wrapper = mount(ChatPanel, { global: { plugins: [pinia] } });
    expect(wrapper.get('.delivery').text()).toBe('Sending to Bob · Waiting — key changed: Ada');
    expect(wrapper.findAll('.meta')[1]?.get('.trust-badge').text()).toBe('Unverified guest');
  });

  it('offers no refused link as a file recipient, and marks a guest', () => {
    inRoom(
      [peer('p1', 'Ada'), ADA_KEY],
      [peer('p2', 'Bob'), GUEST],
      [peer('p3', 'Mal'), { kind: 'refused', reason: 'forged' }],
    );
    const wrapper = mount(FilesPanel, { global: { plugins: [pinia] } });
    expect(wrapper.findAll('option').map((o) => o.text())).toEqual([
      'Everyone',
      'Ada — Not verified',
      'Bob — Unverified guest',
    ]);
  });
});

describe('verified contacts', () => {
  it('lists each pinned contact with Forget, which unpins it for good', async () => {
    useTrustStore().verify('Ada', ADA_KEY);
    const wrapper = mount(VerifiedContacts, { global: { plugins: [pinia] } });
    expect(wrapper.get('h2').text()).toBe('Verified contacts');
    await wrapper.get('button[aria-label="Forget Ada"]').trigger('click');
    expect(wrapper.find('section').exists()).toBe(false);
    reload();
    expect(useTrustStore().pinned).toEqual([]);
  });
});
