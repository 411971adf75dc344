import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDisplayMedia, SELECTION_TTL_MS } from '../../../electron/main/capture/display-media';
import type { DisplayMediaRequest } from '../../../electron/main/electron-api/capture';
import { FakeDesktopCapturer, FakeSession, fakeFrame, fakeSource } from '../../fakes/electron';

const ORIGIN = 'http://127.0.0.1:4780';
const VIDEO_ONLY = { systemAudio: false };

function setup() {
  const session = new FakeSession();
  const desktopCapturer = new FakeDesktopCapturer();
  desktopCapturer.sources = [
    fakeSource({ id: 'screen:0:0', name: 'Entire Screen' }),
    fakeSource({ id: 'window:42:0', name: 'Slides' }),
  ];
  let clock = 1_000;
  const displayMedia = createDisplayMedia({
    session,
    desktopCapturer,
    trustedOrigin: ORIGIN,
    logger: pino({ level: 'silent' }),
    now: () => clock,
  });
  displayMedia.enable();
  const advance = (ms: number) => {
    clock += ms;
  };
  return { session, desktopCapturer, displayMedia, advance };
}

const fromApp: DisplayMediaRequest = {
  frame: fakeFrame(`${ORIGIN}/`),
  videoRequested: true,
  audioRequested: false,
};

describe('display media', () => {
  it('grants exactly the picked source', async () => {
    const { session, displayMedia } = setup();
    await expect(displayMedia.select('window:42:0', VIDEO_ONLY)).resolves.toEqual({ ok: true, data: null });
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({
      video: { id: 'window:42:0', name: 'Slides' },
    });
  });

  it('denies when nothing was picked', async () => {
    const { session } = setup();
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({});
  });

  it('denies when the picked source vanished before the request', async () => {
    const { session, desktopCapturer, displayMedia } = setup();
    await displayMedia.select('window:42:0', VIDEO_ONLY);
    desktopCapturer.sources = desktopCapturer.sources.filter((source) => source.id !== 'window:42:0');
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({});
  });

  it('consumes the pick: a second request is denied', async () => {
    const { session, displayMedia } = setup();
    await displayMedia.select('screen:0:0', VIDEO_ONLY);
    await expect(session.requestDisplayMedia(fromApp)).resolves.toHaveProperty('video.id', 'screen:0:0');
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({});
  });

  it('denies a pick older than its validity', async () => {
    const { session, displayMedia, advance } = setup();
    await displayMedia.select('screen:0:0', VIDEO_ONLY);
    advance(SELECTION_TTL_MS + 1);
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({});
  });

  it('refuses to pick a source that does not exist', async () => {
    const { session, displayMedia } = setup();
    await expect(displayMedia.select('window:999:0', VIDEO_ONLY)).resolves.toMatchObject({
      ok: false,
      error: { code: 'SOURCE_NOT_FOUND' },
    });
    await expect(displayMedia.select('not-a-source', VIDEO_ONLY)).resolves.toMatchObject({ ok: false });
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({});
  });

  it('denies foreign origins and subframes without using up the pick', async () => {
    const { session, displayMedia } = setup();
    await displayMedia.select('screen:0:0', VIDEO_ONLY);
    const foreign = { ...fromApp, frame: fakeFrame('https://evil.example/') };
    const subframe = { ...fromApp, frame: fakeFrame(`${ORIGIN}/embed`, fakeFrame(`${ORIGIN}/`)) };
    const gone = { ...fromApp, frame: null };
    for (const request of [foreign, subframe, gone]) {
      await expect(session.requestDisplayMedia(request)).resolves.toEqual({});
    }
    await expect(session.requestDisplayMedia(fromApp)).resolves.toHaveProperty('video.id', 'screen:0:0');
  });

  it('denies when the source lookup fails', async () => {
    const { session, desktopCapturer, displayMedia } = setup();
    await displayMedia.select('screen:0:0', VIDEO_ONLY);
    desktopCapturer.getSources.mockRejectedValueOnce(new Error('portal closed'));
    await expect(session.requestDisplayMedia(fromApp)).resolves.toEqual({});
  });

  it('removes its handler on dispose', () => {
    const { session, displayMedia } = setup();
    displayMedia.dispose();
    expect(session.displayMediaRequestHandler).toBeNull();
  });
});
