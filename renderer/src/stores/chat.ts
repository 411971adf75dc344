/** The chat of the current room as the UI sees it: messages, unread count, panel open or closed. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Problem } from '../i18n/problem';
import type { ChatEngine, ChatMessage } from '../rtc/chat';

export const useChatStore = defineStore('chat', () => {
  const messages = shallowRef<ChatMessage[]>([]);
  const open = ref(false);
  const unread = ref(0);
  let engine: ChatEngine | null = null;
  let offs: (() => void)[] = [];

  function attach(next: ChatEngine): void {
    detach();
    engine = next;
    messages.value = [...next.list()];
    offs = [
      next.on('changed', (list) => (messages.value = [...list])),
      next.on('received', () => {
        if (!open.value) unread.value += 1;
      }),
    ];
  }

  function detach(): void {
    offs.forEach((off) => off());
    offs = [];
    engine = null;
    messages.value = [];
    unread.value = 0;
  }

  /** Returns why when the message cannot be sent, null when it is on its way. */
  function send(text: string): Problem | null {
    return engine ? engine.send(text) : { words: 'problems.notInRoom' };
  }

  function setOpen(value: boolean): void {
    open.value = value;
    if (value) unread.value = 0;
  }

  return { messages, open, unread, attach, detach, send, setOpen };
});
