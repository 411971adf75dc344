/**
 * The keys people know from Meet, in the room, in the app and in a browser alike: Ctrl+D mutes or
 * unmutes, Ctrl+E turns the camera off or on, Ctrl+Shift+E starts or stops sharing, Ctrl+Alt+C opens
 * the chat (⌘ instead of Ctrl on a Mac). Each does only what its button could do now. The desktop app's
 * global mute shortcut (main) works while Nearcast is in the background; these work in its window.
 */
import { onBeforeUnmount, onMounted } from 'vue';
import { useChatStore } from '../stores/chat';
import { useMediaStore } from '../stores/media';

interface Shortcut {
  key: string;
  shift: boolean;
  alt: boolean;
}

const SHORTCUTS = {
  mute: { key: 'd', shift: false, alt: false },
  camera: { key: 'e', shift: false, alt: false },
  share: { key: 'e', shift: true, alt: false },
  chat: { key: 'c', shift: false, alt: true },
} as const satisfies Record<string, Shortcut>;

export type CallShortcut = keyof typeof SHORTCUTS;

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

/** The shortcut as people read it ("Ctrl+Shift+E", "⌘+D") and as `aria-keyshortcuts` wants it. */
function described(shortcut: Shortcut, mac: boolean) {
  const parts = [mac ? '⌘' : 'Ctrl', ...(shortcut.alt ? ['Alt'] : []), ...(shortcut.shift ? ['Shift'] : [])];
  const key = shortcut.key.toUpperCase();
  const aria = [
    mac ? 'Meta' : 'Control',
    ...(shortcut.alt ? ['Alt'] : []),
    ...(shortcut.shift ? ['Shift'] : []),
  ];
  return { label: [...parts, key].join('+'), aria: [...aria, key].join('+') };
}

/** For the controls: how each shortcut reads on this computer. */
export const CALL_SHORTCUTS = Object.fromEntries(
  Object.entries(SHORTCUTS).map(([name, shortcut]) => [name, described(shortcut, isMac())]),
) as Record<CallShortcut, { label: string; aria: string }>;

function matches(event: KeyboardEvent, shortcut: Shortcut, mac: boolean): boolean {
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  // With Shift or Alt held, `key` may be upper case or another character: compare the physical key too.
  const key = event.key.toLowerCase() === shortcut.key || event.code === `Key${shortcut.key.toUpperCase()}`;
  return primary && key && event.shiftKey === shortcut.shift && event.altKey === shortcut.alt;
}

/** Listens while the room is shown; `share` opens the way to share (the picker in the app). */
export function useCallShortcuts(share: () => void): void {
  const media = useMediaStore();
  const chat = useChatStore();

  const actions: Record<CallShortcut, () => void> = {
    mute: () => {
      if (media.hasMicrophone) void media.toggleMute();
    },
    camera: () => {
      if (media.captureAllowed && !media.busy) void media.toggleCamera();
    },
    share: () => {
      if (media.sharing) media.stopShare();
      else if (media.captureAllowed) share();
    },
    chat: () => chat.setOpen(!chat.open),
  };

  function onKeydown(event: KeyboardEvent): void {
    const mac = isMac();
    const name = (Object.keys(SHORTCUTS) as CallShortcut[]).find((n) => matches(event, SHORTCUTS[n], mac));
    if (!name) return;
    event.preventDefault();
    actions[name]();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
