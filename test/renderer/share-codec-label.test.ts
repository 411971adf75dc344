import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
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

function codecOptions(): string[] {
  const wrapper = mount(ControlBar, {
    global: {
      plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { media: { sharing: true } } })],
    },
  });
  return wrapper.findAll('#share-codec option').map((option) => option.text());
}

describe('the codec choice', () => {
  it('names under Auto the codec this browser will actually send', () => {
    browserSending(['video/VP8', 'video/VP9', 'video/rtx']);
    expect(codecOptions()).toEqual(['Auto (VP8)', 'VP8', 'VP9']);
  });

  it('names H.264 under Auto where the browser can send it', () => {
    browserSending(['video/VP8', 'video/H264', 'video/AV1']);
    expect(codecOptions()).toEqual(['Auto (H.264)', 'H.264', 'VP8', 'AV1']);
  });
});
