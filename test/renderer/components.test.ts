import { createTestingPinia, type TestingOptions } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';
import VideoTile from '../../renderer/src/components/VideoTile.vue';
import { useMediaStore } from '../../renderer/src/stores/media';
import HomeView from '../../renderer/src/views/HomeView.vue';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useSettingsStore } from '../../renderer/src/stores/settings';
import { SERVICES } from '../../renderer/src/services';
import { createStorageArea, CURRENT_ROOM, DISPLAY_NAME } from '../../renderer/src/services/storage';
import { fakeServices } from '../fakes/dom/services';
import { withLocale } from './i18n';

function testingPinia(options: TestingOptions = {}) {
  return createTestingPinia({ createSpy: vi.fn, ...options });
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});

function buttonNames(wrapper: ReturnType<typeof mount>): string[] {
  return wrapper.findAll('button').map((b) => b.text());
}

describe('ControlBar', () => {
  it('offers the call controls by name, the speaker view a toggle', () => {
    const wrapper = mount(ControlBar, {
      global: { plugins: [testingPinia({ initialState: { media: { hasMicrophone: true } } })] },
    });
    expect(buttonNames(wrapper)).toEqual([
      'Mute',
      'Camera off',
      'Share screen',
      'Share options',
      'Speaker view',
      'Chat',
      'People (1)',
      'Raise hand',
      'Reactions',
      'Leave',
    ]);
    const speaker = wrapper.findAll('button')[4]!;
    expect(speaker.attributes('aria-pressed')).toBe('false');
  });

  it('names each control after what it will do next', () => {
    const wrapper = mount(ControlBar, {
      global: {
        plugins: [
          testingPinia({
            initialState: { media: { hasMicrophone: true, micMuted: true, cameraOff: true, sharing: true } },
          }),
        ],
      },
    });
    expect(buttonNames(wrapper)).toEqual([
      'Unmute',
      'Camera on',
      'Stop sharing',
      'Share options',
      'Speaker view',
      'Chat',
      'People (1)',
      'Raise hand',
      'Reactions',
      'Leave',
    ]);
  });

  it('says how many chat messages are unread, and offers to close an open chat', () => {
    const closed = mount(ControlBar, {
      global: { plugins: [testingPinia({ initialState: { chat: { unread: 3, open: false } } })] },
    });
    expect(buttonNames(closed)).toContain('Chat (3 unread)');
    const open = mount(ControlBar, {
      global: { plugins: [testingPinia({ initialState: { chat: { unread: 0, open: true } } })] },
    });
    expect(buttonNames(open)).toContain('Close chat');
  });

  it('stops a running share directly and asks the room to start one otherwise', async () => {
    const wrapper = mount(ControlBar, {
      global: { plugins: [testingPinia({ initialState: { media: { sharing: true } } })] },
    });
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Stop sharing')!
      .trigger('click');
    expect(useMediaStore().stopShare).toHaveBeenCalled();
    expect(wrapper.emitted('share')).toBeUndefined();
  });

  it('cannot mute when there is no microphone', () => {
    const wrapper = mount(ControlBar, { global: { plugins: [testingPinia()] } });
    expect(wrapper.get('button').attributes('disabled')).toBeDefined();
  });
});

describe('VideoTile', () => {
  it('is named for assistive technology and shows the peer state badges', () => {
    const wrapper = mount(VideoTile, {
      props: {
        stream: null,
        label: 'Camera of Bob',
        caption: 'Bob',
        micMuted: true,
        cameraOff: true,
        state: 'reconnecting',
      },
    });
    expect(wrapper.get('figure').attributes('aria-label')).toBe('Camera of Bob');
    expect(wrapper.text()).toContain('Muted');
    expect(wrapper.text()).toContain('Camera off');
    expect(wrapper.text()).toContain('Connection lost, reconnecting…');
    expect(wrapper.get('.avatar').text()).toBe('B');
  });

  it('never plays our own sound back', () => {
    const wrapper = mount(VideoTile, { props: { stream: null, label: 'You', caption: 'Ada', local: true } });
    expect((wrapper.get('video').element as HTMLVideoElement).muted).toBe(true);
  });
});

describe('HomeView', () => {
  it('labels its fields and remembers the last display name', () => {
    const storage = { local: createStorageArea(null), session: createStorageArea(null) };
    storage.local.write(DISPLAY_NAME, 'Ada');
    const wrapper = mount(HomeView, {
      global: { plugins: [testingPinia()], provide: { [SERVICES]: fakeServices({ storage }) } },
    });
    expect(wrapper.get('label[for="display-name"]').text()).toBe('Display name');
    expect((wrapper.get('#display-name').element as HTMLInputElement).value).toBe('Ada');
    expect(wrapper.get('#room-form button[type="submit"]').text()).toBe('Join');
  });

  it('joins at once when opened from a link with a room and a name, the server admitting us', async () => {
    window.history.replaceState(null, '', '/?room=standup&name=Bob');
    mount(HomeView, {
      global: { plugins: [testingPinia({ initialState: { session: { status: 'connected' } } })] },
    });
    await vi.waitFor(() =>
      expect(useRoomStore().join).toHaveBeenCalledWith('standup', 'Bob', undefined, false),
    );
  });

  it.each([
    [{ kind: 'call-ended', reason: 'declined', who: 'Bob' }, 'Bob declined the call.', 'info'],
    [{ kind: 'call-ended', reason: 'declined', who: 'Bob', busy: true }, 'Bob is busy', 'info'],
    [{ kind: 'call-ended', reason: 'timeout' }, 'Nobody answered.', 'info'],
    [{ kind: 'call-ended', reason: 'hung-up' }, '', 'info'],
    [{ kind: 'signaling-dropped' }, 'The connection to the server dropped', 'warning'],
    [{ kind: 'removed' }, 'removed you', 'warning'],
    [
      {
        kind: 'rejoin-refused',
        problem: { code: 'ROOM_LOCKED', message: 'This room is locked: nobody else can join right now.' },
      },
      'the room did not let you back in. This room is locked: nobody else can join right now.',
      'warning',
    ],
  ])('words %o calmly when it is an ordinary ending, as a warning otherwise', (notice, text, tone) => {
    const wrapper = mount(HomeView, {
      global: { plugins: [testingPinia({ initialState: { room: { notice } } })] },
    });
    const banner = wrapper.get('.banner');
    expect(banner.text()).toContain(text);
    expect(banner.classes()).toContain(tone);
    expect(banner.classes().includes('notice')).toBe(tone === 'warning');
  });

  /** Home in a tab whose session storage says it was in `wasIn` (null: in no room) when reloaded. */
  function homeAfterReload(wasIn: string | null) {
    const storage = { local: createStorageArea(null), session: createStorageArea(null) };
    if (wasIn) storage.session.write(CURRENT_ROOM, { room: wasIn, name: 'Ada' });
    const pinia = testingPinia({
      initialState: { session: { status: 'connected' } },
      stubActions: (action) => action !== 'reloadedIn',
    });
    return mount(HomeView, {
      global: { plugins: [pinia], provide: { [SERVICES]: fakeServices({ storage }) } },
    });
  }

  it('goes back into the room it was in when the page is reloaded', async () => {
    window.history.replaceState(null, '', '/?room=standup');
    homeAfterReload('standup');
    await vi.waitFor(() => expect(useRoomStore().resumeAfterReload).toHaveBeenCalledWith('standup'));
  });

  it.each([null, 'design'])('only prefills a room link when it was in %s', async (wasIn) => {
    window.history.replaceState(null, '', '/?room=standup');
    const wrapper = homeAfterReload(wasIn);
    await flushPromises();
    expect(useRoomStore().resumeAfterReload).not.toHaveBeenCalled();
    expect(useRoomStore().join).not.toHaveBeenCalled();
    expect((wrapper.get('#room-name').element as HTMLInputElement).value).toBe('standup');
  });

  it('shows the reason a join was refused', () => {
    const wrapper = mount(HomeView, {
      global: {
        plugins: [
          testingPinia({
            initialState: { room: { error: { field: 'room', key: 'roomName.empty', params: {} } } },
          }),
        ],
      },
    });
    expect(wrapper.get('[role="alert"]').text()).toBe('Enter a room name.');
  });
});

describe('in French', () => {
  it('renders the call controls, the unread count and the join form in French', () => {
    const controls = mount(ControlBar, {
      global: {
        plugins: [
          testingPinia({ initialState: { media: { hasMicrophone: true }, chat: { unread: 2 } } }),
          withLocale('fr'),
        ],
      },
    });
    expect(buttonNames(controls)).toEqual([
      'Couper le micro',
      'Couper la caméra',
      "Partager l'écran",
      'Options de partage',
      'Vue intervenant',
      'Discussion (2 non lus)',
      'Participants (1)',
      'Lever la main',
      'Réactions',
      'Quitter',
    ]);
    expect(controls.get('nav').attributes('aria-label')).toBe("Commandes de l'appel");

    const join = mount(HomeView, {
      global: {
        plugins: [
          testingPinia({
            initialState: { room: { error: { code: 'ROOM_FULL', message: 'This room is full.' } } },
          }),
          withLocale('fr'),
        ],
      },
    });
    expect(join.get('label[for="display-name"]').text()).toBe('Nom affiché');
    expect(join.get('#room-form button[type="submit"]').text()).toBe('Rejoindre');
    expect(join.get('[role="alert"]').text()).toBe('Cette salle est complète.');
  });

  it('shows a server error code in English as the server worded it, and the picked language is kept', async () => {
    const join = mount(HomeView, {
      global: {
        plugins: [
          testingPinia({
            initialState: {
              room: { error: { code: 'INVALID_PAYLOAD', message: 'Room names are 64 characters at most.' } },
            },
          }),
        ],
      },
    });
    expect(join.get('[role="alert"]').text()).toBe('Room names are 64 characters at most.');
    await join.get('#language-select').setValue('fr');
    expect(useSettingsStore().setLocale).toHaveBeenCalledWith('fr');
    expect(join.get('[role="alert"]').text()).toBe('La requête était mal formée et a été refusée.');
    expect(document.documentElement.lang).toBe('fr');
  });
});
