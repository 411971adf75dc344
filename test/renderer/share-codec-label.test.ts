import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';

/** A browser whose video encoders are exactly `mimes`, as RTCRtpSender.getCapabilities says. */
function browserSending(mimes: string[]): void {
  vi.stubGlobal('RTCRtpSender', {
    getCapabilities: () => ({ codecs: mimes.map((mimeType) => ({ mimeType, clockRate: 90000 })) }),
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The codec items of the share menu, as they read. */
async function codecOptions(): Promise<string[]> {
  const wrapper = mount(ControlBar, {
    global: {
      plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { media: { sharing: true } } })],
    },
  });
  await wrapper.get('button[aria-haspopup="menu"]').trigger('click');
  await flushPromises();
  return wrapper
    .findAll('[aria-labelledby="share-codec-heading"] [role="menuitemradio"]')
    .map((item) => item.text());
}

describe('the codec choice', () => {
  it('names under Auto the codec this browser will actually send', async () => {
    browserSending(['video/VP8', 'video/VP9', 'video/rtx']);
    expect(await codecOptions()).toEqual(['Auto (VP8)', 'VP8', 'VP9']);
  });

  it('names H.264 under Auto where the browser can send it', async () => {
    browserSending(['video/VP8', 'video/H264', 'video/AV1']);
    expect(await codecOptions()).toEqual(['Auto (H.264)', 'H.264', 'VP8', 'AV1']);
  });
});
