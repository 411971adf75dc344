/**
 * The WAI-ARIA menu button pattern (https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/) for the
 * call's menus: the button opens the menu and the first item takes focus (ArrowUp: the last); in the
 * menu the arrow keys, Home and End move between items, Escape closes it and puts focus back on the
 * button, Tab closes it and moves on, and a press outside closes it. Choosing an item closes the
 * menu and gives focus back to the button, so keyboard users stay where they were.
 */
import { nextTick, onBeforeUnmount, ref, watch, type Ref } from 'vue';

/** Items are found in the menu by role, so the template stays the one place that lists them. */
const ITEM_SELECTOR = '[role="menuitem"], [role="menuitemradio"], [role="menuitemcheckbox"]';

export interface MenuButton {
  open: Ref<boolean>;
  /** The button's click: opens (first item focused) or closes. */
  toggle(): void;
  /** The button's keydown: ArrowDown/ArrowUp open the menu at its first/last item. */
  onButtonKeydown(event: KeyboardEvent): void;
  /** The menu's keydown: moving, Escape and Tab. */
  onMenuKeydown(event: KeyboardEvent): void;
  /** Runs an item's action, then closes the menu with focus back on the button. */
  choose(action: () => void): void;
}

/**
 * `root` holds both the button and the menu (a press outside it closes the menu); `menu` is the
 * element with role="menu"; `focusButton` puts focus back on the button.
 */
export function useMenuButton(
  root: Ref<HTMLElement | null>,
  menu: Ref<HTMLElement | null>,
  focusButton: () => void,
): MenuButton {
  const open = ref(false);

  const items = (): HTMLElement[] => [...(menu.value?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? [])];

  function focusItem(index: number): void {
    const list = items();
    if (list.length === 0) return;
    list[(index + list.length) % list.length]?.focus();
  }

  async function show(at: 'first' | 'last'): Promise<void> {
    open.value = true;
    await nextTick();
    focusItem(at === 'first' ? 0 : -1);
  }

  function close(returnFocus: boolean): void {
    if (!open.value) return;
    open.value = false;
    if (returnFocus) focusButton();
  }

  function toggle(): void {
    if (open.value) close(false);
    else void show('first');
  }

  function onButtonKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    void show(event.key === 'ArrowDown' ? 'first' : 'last');
  }

  function onMenuKeydown(event: KeyboardEvent): void {
    const list = items();
    const current = list.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(current + 1),
      ArrowUp: () => focusItem(current - 1),
      Home: () => focusItem(0),
      End: () => focusItem(-1),
      Escape: () => close(true),
    };
    if (event.key === 'Tab') {
      close(false);
      return;
    }
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    // Escape closes this menu only, not a dialog or panel around it.
    event.stopPropagation();
    move();
  }

  function choose(action: () => void): void {
    action();
    close(true);
  }

  function onPointerDown(event: PointerEvent): void {
    if (root.value && event.target instanceof Node && !root.value.contains(event.target)) close(false);
  }
  watch(open, (isOpen) => {
    if (isOpen) document.addEventListener('pointerdown', onPointerDown, true);
    else document.removeEventListener('pointerdown', onPointerDown, true);
  });
  onBeforeUnmount(() => document.removeEventListener('pointerdown', onPointerDown, true));

  return { open, toggle, onButtonKeydown, onMenuKeydown, choose };
}
