import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import VideoTile from '../../renderer/src/components/VideoTile.vue';
import { useRoomTiles, type LocalView } from '../../renderer/src/composables/useRoomTiles';
import type { PeerView } from '../../renderer/src/rtc/mesh';

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
  it('puts every shared screen on the stage, several at once, and cameras in the strip', () => {
    const { stage, strip } = useRoomTiles(
      () => ({ ...me, screenStream: stream('mine') }),
      () => [peer('b', 'Bob', true), peer('c', 'Cy', true)],
    );
    expect(stage.value.map((t) => t.key)).toEqual(['self-screen', 'screen-b', 'screen-c']);
    expect(strip.value.map((t) => t.key)).toEqual(['self', 'b', 'c']);
    expect(strip.value.map((t) => t.sharing)).toEqual([true, true, true]);
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

  it('with nobody sharing and nothing pinned, everyone is in the grid', () => {
    const { stage, strip } = useRoomTiles(
      () => me,
      () => [peer('b', 'Bob')],
    );
    expect(stage.value).toEqual([]);
    expect(strip.value.map((t) => t.key)).toEqual(['self', 'b']);
    expect(strip.value.some((t) => t.sharing)).toBe(false);
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
