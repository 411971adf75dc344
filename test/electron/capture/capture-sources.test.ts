import { describe, expect, it } from 'vitest';
import { kindOfSourceId, listCaptureSources } from '../../../electron/main/capture/capture-sources';
import { FakeDesktopCapturer, fakeSource } from '../../fakes/electron';

describe('listCaptureSources', () => {
  it('maps sources for the picker, screens first, with data URLs and display ids', async () => {
    const capturer = new FakeDesktopCapturer();
    capturer.sources = [
      fakeSource({ id: 'window:42:0', name: 'Editor' }),
      fakeSource({ id: 'screen:1:0', name: 'Screen 2', displayId: '2' }),
      fakeSource({ id: 'window:7:0', name: 'Browser', appIcon: null, thumbnail: '' }),
      fakeSource({ id: 'screen:0:0', name: 'Screen 1', displayId: '' }),
    ];
    const sources = await listCaptureSources(capturer, {
      kinds: ['screen', 'window'],
      thumbnailWidth: 320,
      thumbnailHeight: 180,
    });

    expect(capturer.getSources).toHaveBeenCalledWith({
      types: ['screen', 'window'],
      thumbnailSize: { width: 320, height: 180 },
      fetchWindowIcons: true,
    });
    expect(sources).toEqual([
      {
        id: 'screen:1:0',
        name: 'Screen 2',
        kind: 'screen',
        thumbnailDataUrl: 'data:image/png;base64,thumb-screen:1:0',
        appIconDataUrl: null,
        displayId: '2',
      },
      {
        id: 'screen:0:0',
        name: 'Screen 1',
        kind: 'screen',
        thumbnailDataUrl: 'data:image/png;base64,thumb-screen:0:0',
        appIconDataUrl: null,
        displayId: null,
      },
      {
        id: 'window:42:0',
        name: 'Editor',
        kind: 'window',
        thumbnailDataUrl: 'data:image/png;base64,thumb-window:42:0',
        appIconDataUrl: 'data:image/png;base64,icon-window:42:0',
        displayId: null,
      },
      {
        id: 'window:7:0',
        name: 'Browser',
        kind: 'window',
        thumbnailDataUrl: '',
        appIconDataUrl: null,
        displayId: null,
      },
    ]);
  });

  it('asks only for the kinds requested and drops ids of unknown kind', async () => {
    const capturer = new FakeDesktopCapturer();
    capturer.getSources.mockResolvedValueOnce([
      fakeSource({ id: 'screen:0:0', name: 'Screen' }),
      fakeSource({ id: 'tab:3', name: 'Tab' }),
    ]);
    const sources = await listCaptureSources(capturer, {
      kinds: ['screen'],
      thumbnailWidth: 16,
      thumbnailHeight: 16,
    });
    expect(capturer.getSources.mock.calls[0]?.[0].types).toEqual(['screen']);
    expect(sources.map((source) => source.id)).toEqual(['screen:0:0']);
  });
});

describe('kindOfSourceId', () => {
  it('reads the kind from the id prefix only', () => {
    expect(kindOfSourceId('screen:0:0')).toBe('screen');
    expect(kindOfSourceId('window:1:0')).toBe('window');
    expect(kindOfSourceId('web-contents-media-stream:1')).toBeNull();
    expect(kindOfSourceId('xscreen:0:0')).toBeNull();
  });
});
