import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import StatsPanel from '../../renderer/src/components/StatsPanel.vue';
import VideoTile from '../../renderer/src/components/VideoTile.vue';
import type { StatsSource } from '../../renderer/src/rtc/link-stats';
import { Mesh } from '../../renderer/src/rtc/mesh';
import { shortAuthString } from '../../renderer/src/rtc/sas';
import type { StatsEntry } from '../../renderer/src/rtc/stats';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import answer from '../fixtures/sdp-answer.sdp?raw';
import offer from '../fixtures/sdp-offer.sdp?raw';
import recorded from '../fixtures/stats-chromium.json';
import { withLocale } from './i18n';

afterEach(() => vi.useRealTimers());

/** A link whose getStats replays the recorded reports, then repeats the last one. */
function replayingLink() {
  const reports = [recorded.first, recorded.second] as StatsEntry[][];
  const getStats = vi.fn(async () => reports.shift() ?? (recorded.second as StatsEntry[]));
  // Recorded entries stand in for an RTCStatsReport: the panel only iterates them with forEach.
  const link: StatsSource = {
    pc: { getStats: getStats as unknown as RTCPeerConnection['getStats'] },
    screenVideoSender: () => null,
    iceRestarts: 2,
  };
  return { link, getStats };
}

function term(wrapper: ReturnType<typeof mount>, name: string): string | undefined {
  const row = wrapper.findAll('dl div').find((div) => div.find('dt').text() === name);
  return row?.find('dd').text();
}

describe('StatsPanel', () => {
  it('polls each second, shows the figures and stops polling once closed', async () => {
    vi.useFakeTimers();
    const { link, getStats } = replayingLink();
    const wrapper = mount(StatsPanel, { props: { name: 'Bob', link } });
    await flushPromises();
    expect(wrapper.attributes('aria-label')).toBe('Connection details for Bob');
    // In words first (a router's address on their side), then the addresses for whoever needs them.
    expect(term(wrapper, 'Route')).toBe(
      'Direct, through a router · 192.168.1.20:51234 ⇄ 192.168.1.31:60412 (UDP)',
    );
    expect(wrapper.find('dl div dd abbr').attributes('title')).toBe('host ⇄ srflx');
    expect(term(wrapper, 'Sending')).toBe('–');

    await vi.advanceTimersByTimeAsync(1_000);
    expect(term(wrapper, 'Sending')).toBe('6000 kbps');
    expect(term(wrapper, 'Round trip')).toBe('2 ms');
    expect(term(wrapper, 'ICE restarts')).toBe('2');
    expect(term(wrapper, 'Available to send')).toBe('7534 kbps');
    expect(term(wrapper, 'Limited by')).toBe('Bandwidth');
    expect(wrapper.find('svg[role="img"]').attributes('aria-label')).toContain('now 6000 kbps out');
    expect(wrapper.findAll('polyline')[0]?.attributes('points')).not.toBe('');

    const calls = getStats.mock.calls.length;
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(getStats).toHaveBeenCalledTimes(calls);
  });
});

describe('StatsPanel words', () => {
  it('names each block, says raw WebRTC values in words, and closes with an icon button', async () => {
    vi.useFakeTimers();
    const { link } = replayingLink();
    const wrapper = mount(StatsPanel, { props: { name: 'Bob', link } });
    await vi.advanceTimersByTimeAsync(1_000);
    const headings = wrapper.findAll('h3').map((h) => h.text());
    expect(headings).toEqual(['Connection', 'Camera sent', 'Camera received']);
    const close = wrapper.get('header button');
    expect(close.attributes('aria-label')).toBe('Close connection details');
    expect(close.text()).toBe('×');
  });

  it('tells a screen from a camera, sent and received', async () => {
    vi.useFakeTimers();
    const { link } = replayingLink();
    // The recorded report sends track "screen-track" and receives track "remote-camera".
    const sender = {
      track: { id: 'screen-track' },
      getParameters: () => ({ encodings: [{ maxBitrate: 2_500_000, maxFramerate: 15 }] }),
    };
    link.screenVideoSender = () => sender as unknown as RTCRtpSender;
    const receivedScreen = { getVideoTracks: () => [{ id: 'remote-camera' }] } as unknown as MediaStream;
    const wrapper = mount(StatsPanel, { props: { name: 'Bob', link, receivedScreen } });
    await vi.advanceTimersByTimeAsync(1_000);
    const headings = wrapper.findAll('h3').map((h) => h.text());
    expect(headings).toEqual(['Connection', 'Screen sent', 'Screen received', 'Screen sending limits']);
  });

  it('in French, names each stream in French', async () => {
    vi.useFakeTimers();
    const { link } = replayingLink();
    const wrapper = mount(StatsPanel, {
      props: { name: 'Bob', link },
      global: { plugins: [withLocale('fr')] },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    const headings = wrapper.findAll('h3').map((h) => h.text());
    expect(headings).toEqual(['Connexion', 'Caméra envoyée', 'Caméra reçue']);
  });

  it.each([
    ['en', 'Limited by', 'Bandwidth'],
    ['fr', 'Limité par', 'Bande passante'],
  ])('in %s, says what limits sending in words', async (locale, limitedBy, bandwidth) => {
    vi.useFakeTimers();
    const { link } = replayingLink();
    const wrapper = mount(StatsPanel, {
      props: { name: 'Bob', link },
      global: { plugins: [withLocale(locale as 'en' | 'fr')] },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(term(wrapper, limitedBy)).toBe(bandwidth);
  });
});

describe('VideoTile call details', () => {
  it('offers the details button under its accessible name', async () => {
    const wrapper = mount(VideoTile, {
      props: {
        stream: null,
        label: 'Camera of Bob',
        caption: 'Bob',
        detailsLabel: 'Connection details for Bob',
      },
    });
    await wrapper.find('button[aria-label="Connection details for Bob"]').trigger('click');
    expect(wrapper.emitted('details')).toHaveLength(1);
  });

  it('shows none without a label (our own tile)', () => {
    const wrapper = mount(VideoTile, { props: { stream: null, label: 'Your camera', caption: 'Ada' } });
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Full screen']);
  });
});

describe('PeerLink security code', () => {
  it('is computed from both descriptions once connected and reaches the peer view', async () => {
    const mesh = new Mesh({
      selfId: 'b',
      send: () => {},
      createPeerConnection: (config) => {
        const pc = new FakePeerConnection(config);
        pc.localDescription = { type: 'answer', sdp: answer };
        Object.assign(pc, { remoteDescription: { type: 'offer', sdp: offer } });
        return pc as unknown as RTCPeerConnection;
      },
    });
    mesh.addPeer({ id: 'a', name: 'Ada' });
    expect(mesh.snapshot()[0]?.sas).toBeNull();
    FakePeerConnection.created.at(-1)!.setConnectionState('connected');
    await vi.waitFor(() => expect(mesh.snapshot()[0]?.sas).not.toBeNull());
    expect(mesh.snapshot()[0]?.sas).toBe(await shortAuthString(offer, answer));
    mesh.close();
  });
});
