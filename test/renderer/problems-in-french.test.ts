/**
 * What went wrong reaches the screen in the interface's language whatever produced it: a shared
 * schema, the server or the chat engine. Each is kept as data and worded only when it renders.
 */
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { issueOf } from '../../common/issues';
import { roomJoinRequestSchema } from '../../common/signaling/room';
import ChatPanel from '../../renderer/src/components/ChatPanel.vue';
import ProfileForm from '../../renderer/src/components/home/ProfileForm.vue';
import { ChatEngine } from '../../renderer/src/rtc/chat';
import { PeerIdentities } from '../../renderer/src/rtc/identities';
import { useChatStore } from '../../renderer/src/stores/chat';
import { useSessionStore } from '../../renderer/src/stores/session';
import HomeView from '../../renderer/src/views/HomeView.vue';
import { testingPinia } from '../fakes/dom/services';
import { withLocale } from './i18n';

const french = withLocale('fr');

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  localStorage.clear();
});

describe('problems in French', () => {
  it('words a room name the shared schema refused', () => {
    const refused = roomJoinRequestSchema.safeParse({ room: 'a/b', name: 'Ada' });
    expect(refused.success).toBe(false);
    const error = issueOf(refused.error!);
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { room: { error } } });
    const home = mount(HomeView, { global: { plugins: [pinia, french] } });
    expect(home.get('[role="alert"]').text()).toBe(
      'Un nom de salle utilise des lettres, des chiffres, des espaces, des points, des tirets et des tirets bas.',
    );
  });

  it("words the server's refusal of a display name", async () => {
    const pinia = testingPinia();
    const session = useSessionStore(pinia);
    // The server words it in English ("…Wait a moment…"); the code is what the screen goes by.
    vi.mocked(session.setIdentity).mockResolvedValue({
      code: 'RATE_LIMITED',
      message: 'Too many requests at once. Wait a moment and try again.',
    });
    const form = mount(ProfileForm, { global: { plugins: [pinia, french] } });
    await form.get('#display-name').setValue('Ada');
    await form.get('form').trigger('submit');
    await flushPromises();
    expect(form.get('#display-name-problem').text()).toBe(
      'Trop de requêtes à la fois. Patientez un instant, puis réessayez.',
    );
  });

  it('words what the chat engine refused to send', async () => {
    const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false });
    const engine = new ChatEngine({
      port: { send: () => false, peers: () => [], openFileChannel: () => null, maxMessageSize: () => 0 },
      identities: new PeerIdentities(),
      selfName: () => 'Ada',
    });
    useChatStore(pinia).attach(engine);
    const panel = mount(ChatPanel, { global: { plugins: [pinia, french] } });
    await panel.get('#chat-input').setValue('   ');
    await panel.get('form').trigger('submit');
    expect(panel.get('[role="alert"]').text()).toBe("Saisissez d'abord un message.");
    await panel.get('#chat-input').setValue('x'.repeat(4_001));
    await panel.get('form').trigger('submit');
    expect(panel.get('[role="alert"]').text()).toBe('Un message compte au plus 4000 caractères.');
    expect(engine.list()).toEqual([]);
  });
});
