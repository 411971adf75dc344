import { describe, expect, it } from 'vitest';
import { MAX_CONTROL_MESSAGE_BYTES, utf8Length, type ControlMessage } from '../../common/peer-protocol';
import { LinkChannels } from '../../renderer/src/rtc/link-channels';
import type { FakePeerConnection } from '../fakes/dom/peer-connection';
import { createFakePeerConnection } from '../fakes/dom/peer-connection';

const chat = { t: 'chat', id: 'msg-00000001', text: 'Bonjour', sentAt: 1_764_806_400_000 };

function openControl() {
  const pc = createFakePeerConnection({});
  const channels = new LinkChannels(pc);
  const received: ControlMessage[] = [];
  channels.on('message', (message) => received.push(message));
  channels.openControl();
  const control = (pc as unknown as FakePeerConnection).channels[0]!;
  control.open();
  return { control, received };
}

/** A chat message padded (with a field the schema ignores) to exactly `bytes` bytes of UTF-8. */
function chatOfBytes(bytes: number, pad: string): string {
  const base = JSON.stringify({ ...chat, pad: '' });
  const padBytes = new TextEncoder().encode(pad).length;
  const count = Math.floor((bytes - base.length) / padBytes);
  const text = JSON.stringify({ ...chat, pad: pad.repeat(count) });
  return text + ' '.repeat(bytes - new TextEncoder().encode(text).length);
}

describe('the control channel', () => {
  it('accepts a control message in a text frame', () => {
    const { control, received } = openControl();
    control.receive(JSON.stringify(chat));
    expect(received).toEqual([chat]);
  });

  it('accepts the same UTF-8 JSON in a binary frame', () => {
    const { control, received } = openControl();
    expect(control.binaryType).toBe('arraybuffer');
    control.receive(new TextEncoder().encode(JSON.stringify({ ...chat, text: 'Grüße' })).buffer);
    expect(received).toEqual([{ ...chat, text: 'Grüße' }]);
  });

  it('refuses a binary frame that is not valid UTF-8', () => {
    const { control, received } = openControl();
    const bytes = new TextEncoder().encode(JSON.stringify(chat));
    bytes[bytes.length - 3] = 0xff;
    control.receive(bytes.buffer);
    expect(received).toEqual([]);
  });

  it('counts the 16 KiB limit in bytes of UTF-8, in either kind of frame', () => {
    const { control, received } = openControl();
    const atLimit = chatOfBytes(MAX_CONTROL_MESSAGE_BYTES, 'é');
    const overLimit = chatOfBytes(MAX_CONTROL_MESSAGE_BYTES + 1, 'é');
    // Two bytes per 'é': far fewer UTF-16 code units than bytes.
    expect(overLimit.length).toBeLessThan(MAX_CONTROL_MESSAGE_BYTES * 0.6);
    control.receive(overLimit);
    control.receive(new TextEncoder().encode(overLimit).buffer);
    expect(received).toEqual([]);
    control.receive(atLimit);
    control.receive(new TextEncoder().encode(atLimit).buffer);
    expect(received).toEqual([chat, chat]);
  });

  it('counts bytes as TextEncoder does, surrogate pairs and lone surrogates included', () => {
    for (const text of [
      '',
      'Ada',
      'Grüße',
      '€ 5',
      '😀 and 𝄞',
      'lone \ud800 high',
      'lone \udc00 low',
      '\ud83d',
    ]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
