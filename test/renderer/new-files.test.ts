/**
 * New files, like unread messages: an offer that arrives while the chat and files panel is closed is
 * counted on the panel's toggle and announced, instead of the panel opening over the call by itself;
 * opening the panel clears the count, and an offer withdrawn meanwhile stops counting.
 */
import { mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';
import NewFilesNews from '../../renderer/src/components/room/NewFilesNews.vue';
import { Emitter } from '../../renderer/src/rtc/emitter';
import type { TransferEngine } from '../../renderer/src/rtc/transfers/engine';
import type { TransferState, TransferView } from '../../renderer/src/rtc/transfers/model';
import { useChatStore } from '../../renderer/src/stores/chat';
import { useTransfersStore } from '../../renderer/src/stores/transfers';
import { fakeServices, piniaWith, testingPinia } from '../fakes/dom/services';
import { withLocale } from './i18n';

function incoming(id: string, state: TransferState = 'offered'): TransferView {
  return {
    id,
    direction: 'in',
    name: `${id}.pdf`,
    size: 1000,
    type: 'application/pdf',
    peerName: 'Ada',
    peerKey: 'peer:a',
    state,
    bytes: 0,
    bytesPerSecond: 0,
    secondsLeft: null,
    error: null,
    downloadUrl: null,
    savedTo: null,
    downloadId: null,
  };
}

/** The engine's events as the store hears them: offers arriving, transfers changing state. */
class OfferingEngine extends Emitter<{ changed: TransferView[]; offered: TransferView }> {
  private list: TransferView[] = [];

  views(): TransferView[] {
    return this.list;
  }

  offer(id: string): void {
    this.list = [...this.list, incoming(id)];
    this.emit('changed', this.list);
    this.emit('offered', incoming(id));
  }

  set(id: string, state: TransferState): void {
    this.list = this.list.map((view) => (view.id === id ? { ...view, state } : view));
    this.emit('changed', this.list);
  }
}

function attached() {
  setActivePinia(piniaWith(fakeServices()));
  const engine = new OfferingEngine();
  const transfers = useTransfersStore();
  transfers.attach(engine as unknown as TransferEngine);
  return { engine, transfers, chat: useChatStore() };
}

describe('new files', () => {
  beforeEach(() => setActivePinia(piniaWith(fakeServices())));

  it('are counted while the panel is closed, which stays closed over the call', () => {
    const { engine, transfers, chat } = attached();
    engine.offer('a');
    engine.offer('b');
    expect(transfers.newFiles).toBe(2);
    expect(chat.open).toBe(false);
  });

  it('are seen once the panel opens, and offers made while it is open are seen at once', () => {
    const { engine, transfers, chat } = attached();
    engine.offer('a');
    chat.setOpen(true);
    expect(transfers.newFiles).toBe(0);
    engine.offer('b');
    expect(transfers.newFiles).toBe(0);
    chat.setOpen(false);
    expect(transfers.newFiles).toBe(0);
  });

  it('stop counting once answered or withdrawn, and with the room', () => {
    const { engine, transfers } = attached();
    engine.offer('a');
    engine.offer('b');
    engine.set('a', 'cancelled');
    expect(transfers.newFiles).toBe(1);
    transfers.detach();
    expect(transfers.newFiles).toBe(0);
  });
});

/** createTestingPinia lets a test set a getter; the store's type keeps it read-only. */
function setNewFiles(transfers: ReturnType<typeof useTransfersStore>, n: number): void {
  (transfers as unknown as { newFiles: number }).newFiles = n;
}

describe('the chat and files toggle', () => {
  it.each([
    ['en', 0, 1, 'Chat, 1 new file'],
    ['en', 2, 3, 'Chat (2 unread), 3 new files'],
    ['fr', 0, 2, 'Discussion, 2 nouveaux fichiers'],
  ] as const)('in %s with %i unread and %i new files reads "%s"', (locale, unread, files, label) => {
    const pinia = testingPinia({ initialState: { chat: { unread } } });
    setNewFiles(useTransfersStore(pinia), files);
    const wrapper = mount(ControlBar, { global: { plugins: [pinia, withLocale(locale)] } });
    const toggle = wrapper.get('button[aria-controls="side-panel"]');
    expect(toggle.text()).toBe(label);
  });

  it('is announced to screen readers, and says nothing once they are seen', async () => {
    const pinia = testingPinia();
    const transfers = useTransfersStore(pinia);
    setNewFiles(transfers, 2);
    const wrapper = mount(NewFilesNews, { global: { plugins: [pinia] } });
    const news = wrapper.get('[role="status"]');
    expect(news.text()).toBe('2 new files in the chat panel');
    setNewFiles(transfers, 0);
    await wrapper.vm.$nextTick();
    expect(news.text()).toBe('');
  });
});
