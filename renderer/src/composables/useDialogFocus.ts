/**
 * Keyboard behaviour of a dialog or panel that opens over the page: focus moves into it when it
 * mounts, Tab and Shift+Tab cycle inside it, Escape asks to close, and focus goes back to where it
 * was (the control that opened it) when it unmounts. A native modal <dialog> already keeps focus in
 * (the rest of the page is inert); the other behaviours are the same for both.
 */
import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([tabindex="-1"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function useDialogFocus(container: Ref<HTMLElement | null>, close: () => void): void {
  let opener: Element | null = null;

  function focusables(): HTMLElement[] {
    return [...(container.value?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusables();
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  onMounted(() => {
    opener = document.activeElement;
    container.value?.addEventListener('keydown', onKeydown);
    focusables()[0]?.focus();
  });
  onBeforeUnmount(() => {
    container.value?.removeEventListener('keydown', onKeydown);
    // An open modal <dialog> keeps the rest of the page inert, where focus() does nothing: close it
    // first, or the focus falls to the page's top when the dialog goes.
    if (container.value instanceof HTMLDialogElement && container.value.open) container.value.close();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
}
