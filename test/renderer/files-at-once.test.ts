/**
 * A person receives at most CONTROL_RATE.fileOffer.burst file offers from one sender at once (more is
 * a flood, dropped unread: control-flood.test.ts). So the sender is told before anything is offered,
 * instead of leaving the files beyond it waiting forever on the other side.
 */
import { mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { CONTROL_RATE } from '../../common/peer-protocol';
import FilesPanel from '../../renderer/src/components/FilesPanel.vue';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useTransfersStore } from '../../renderer/src/stores/transfers';
import { fakeServices, piniaWith } from '../fakes/dom/services';

function files(count: number): File[] {
  return Array.from({ length: count }, (_, i) => new File(['x'], `notes-${i}.txt`, { type: 'text/plain' }));
}

async function dropOn(count: number): Promise<{ text: string | null; offered: number }> {
  const pinia = piniaWith(fakeServices());
  setActivePinia(pinia);
  const room = useRoomStore();
  room.peers = [
    { id: 'p1', name: 'Ada', state: 'connected', sas: null, problem: null } as unknown as PeerView,
  ];
  const transfers = useTransfersStore();
  const offer = vi.spyOn(transfers, 'offer').mockImplementation(() => undefined);
  const wrapper = mount(FilesPanel, { global: { plugins: [pinia] } });
  await wrapper.get('section.files').trigger('drop', { dataTransfer: { files: files(count) } });
  const alert = wrapper.find('[role="alert"]');
  return { text: alert.exists() ? alert.text() : null, offered: offer.mock.calls[0]?.[0].length ?? 0 };
}

describe('sending many files at once', () => {
  it('offers as many as a person may receive at once', async () => {
    expect(await dropOn(CONTROL_RATE.fileOffer.burst)).toEqual({
      text: null,
      offered: CONTROL_RATE.fileOffer.burst,
    });
  });

  it('refuses more, says why, and offers none', async () => {
    expect(await dropOn(CONTROL_RATE.fileOffer.burst + 1)).toEqual({
      text: `Send at most ${CONTROL_RATE.fileOffer.burst} files at once: put more of them in one archive (zip) first.`,
      offered: 0,
    });
  });
});
