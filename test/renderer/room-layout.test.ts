import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { createPinia } from 'pinia';
import RoomStage from '../../renderer/src/components/room/RoomStage.vue';
import VideoTile from '../../renderer/src/components/VideoTile.vue';
import { useRoomTiles, type LocalView } from '../../renderer/src/composables/useRoomTiles';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import type { StageView } from '../../renderer/src/stores/stage';

const stream = (id: string) => ({ id, getVideoTracks: () => [{}] }) as unknown as MediaStream;
const me: LocalView = {
  name: 'Ada',
  cameraStream: stream('a'),
  screenStream: null,
  micMuted: false,
  cameraOff: false,
};
const peer = (id: string, name: string, screen = false): PeerView =>
  ({
    id,
    name,
    state: 'connected',
    cameraStream: stream(`${id}-cam`),
    screenStream: screen ? stream(`${id}-screen`) : null,
    micMuted: false,
    cameraOff: false,
    sas: null,
    problem: null,
  }) as unknown as PeerView;

describe('room layout', () => {
  it('puts the screens others share on the stage, several at once; our own is a small preview', () => {
    const { stage, strip, floating } = useRoomTiles(
      () => ({ ...me, screenStream: stream('mine') }),
      () => [peer('b', 'Bob', true), peer('c', 'Cy', true)],
    );
    expect(stage.value.map((t) => t.key)).toEqual(['screen-b', 'screen-c']);
    expect(strip.value.map((t) => t.key)).toEqual(['self-screen', 'self', 'b', 'c']);
    expect(strip.value.filter((t) => t.kind === 'camera').map((t) => t.sharing)).toEqual([true, true, true]);
    expect(floating.value).toEqual([]);
  });

  it('a pinned tile takes the stage alone; unpinning or its end gives the stage back', () => {
    const peers = [peer('b', 'Bob', true), peer('c', 'Cy')];
    const { stage, strip, togglePin, pinned } = useRoomTiles(
      () => me,
      () => peers,
    );
    togglePin('c');
    expect(stage.value.map((t) => t.key)).toEqual(['c']);
    expect(strip.value.map((t) => t.key)).toEqual(['screen-b', 'self', 'b']);
    togglePin('c');
    expect(pinned.value).toBeNull();
    expect(stage.value.map((t) => t.key)).toEqual(['screen-b']);
    togglePin('gone');
    expect(stage.value.map((t) => t.key)).toEqual(['screen-b']);
  });

  it('with nobody sharing, the grid gives the stage to the others and floats our camera', () => {
    const { stage, strip, floating } = useRoomTiles(
      () => me,
      () => [peer('b', 'Bob')],
    );
    expect(stage.value.map((t) => t.key)).toEqual(['b']);
    expect(strip.value).toEqual([]);
    expect(floating.value.map((t) => t.key)).toEqual(['self']);
    expect(stage.value.some((t) => t.sharing)).toBe(false);
  });

  it('the sharer sees the others large and their own screen as a preview beside their camera', () => {
    const { stage, floating } = useRoomTiles(
      () => ({ ...me, screenStream: stream('mine') }),
      () => [peer('b', 'Bob')],
    );
    expect(stage.value.map((t) => t.key)).toEqual(['b']);
    expect(floating.value.map((t) => t.key)).toEqual(['self-screen', 'self']);
  });

  it('alone, our camera has the stage and our shared screen floats', () => {
    const { stage, floating } = useRoomTiles(
      () => ({ ...me, screenStream: stream('mine') }),
      () => [],
    );
    expect(stage.value.map((t) => t.key)).toEqual(['self']);
    expect(floating.value.map((t) => t.key)).toEqual(['self-screen']);
  });

  it('the speaker view shows the one speaking large, keeps them through a silence, and starts with the first', async () => {
    const view = ref<StageView>('speaker');
    const speaker = ref<string | null>(null);
    const { stage, strip, floating } = useRoomTiles(
      () => me,
      () => [peer('b', 'Bob'), peer('c', 'Cy'), peer('d', 'Di')],
      { view: () => view.value, speaker: () => speaker.value },
    );
    expect(stage.value.map((t) => t.key)).toEqual(['b']);
    speaker.value = 'c';
    await nextTick();
    expect(stage.value.map((t) => t.key)).toEqual(['c']);
    expect(strip.value.map((t) => t.key)).toEqual(['self', 'b', 'd']);
    expect(floating.value).toEqual([]);
    speaker.value = null;
    await nextTick();
    speaker.value = 'self';
    await nextTick();
    expect(stage.value.map((t) => t.key)).toEqual(['c']);
    view.value = 'grid';
    expect(stage.value.map((t) => t.key)).toEqual(['b', 'c', 'd']);
  });
});

describe('VideoTile layout controls', () => {
  it('marks the active speaker, offers pin by name and says why a link does not connect', async () => {
    const wrapper = mount(VideoTile, {
      props: {
        stream: null,
        label: 'Camera of Bob',
        caption: 'Bob',
        speaking: true,
        pinned: false,
        state: 'connecting',
        problem: 'The two computers are on different subnets.',
      },
    });
    expect(wrapper.get('figure').classes()).toContain('speaking');
    expect(wrapper.text()).toContain('Speaking');
    const pin = wrapper.get('button[aria-label="Pin Bob"]');
    expect(pin.attributes('aria-pressed')).toBe('false');
    await pin.trigger('click');
    expect(wrapper.emitted('pin')).toHaveLength(1);
    expect(wrapper.get('[role="alert"]').text()).toBe('The two computers are on different subnets.');
    await wrapper.setProps({ pinned: true, state: 'connected' });
    expect(wrapper.get('button[aria-label="Unpin Bob"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });
});

describe('VideoTile loading state', () => {
  it('says a shared screen is loading until its first picture, and again for a new share', async () => {
    const wrapper = mount(VideoTile, {
      props: { stream: new MediaStream(), kind: 'screen', label: 'Screen shared by Bob', caption: 'Bob' },
    });
    expect(wrapper.get('[role="status"]').text()).toBe('Loading the screen…');
    await flushPromises();
    await wrapper.get('video').trigger('loadeddata');
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
    await wrapper.setProps({ stream: new MediaStream() });
    expect(wrapper.get('[role="status"]').text()).toBe('Loading the screen…');
  });

  it('shows no loading sign on a camera tile', () => {
    const wrapper = mount(VideoTile, {
      props: { stream: new MediaStream(), label: 'Camera of Bob', caption: 'Bob' },
    });
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
  });
});

describe('RoomStage self-view', () => {
  it('moves our own video from corner to corner with its button, as the keyboard does', async () => {
    const { floating, stage } = useRoomTiles(
      () => me,
      () => [peer('b', 'Bob')],
    );
    const wrapper = mount(RoomStage, {
      props: { stage: stage.value, strip: [], floating: floating.value },
      slots: { tile: '<figure :aria-label="params.tile.key"></figure>' },
      global: { plugins: [createPinia()] },
    });
    const view = wrapper.get('section[aria-label="Your video"]');
    expect(view.get('figure').attributes('aria-label')).toBe('self');
    expect(view.classes()).toContain('bottom-right');
    const move = view.get('button[aria-label="Move your video to another corner"]');
    for (const corner of ['bottom-left', 'top-left', 'top-right', 'bottom-right']) {
      await move.trigger('click');
      expect(wrapper.get('section[aria-label="Your video"]').classes()).toContain(corner);
    }
    expect(wrapper.get('section[aria-label="Participants"]').findAll('figure')).toHaveLength(1);
  });
});
