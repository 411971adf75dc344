import { createTestingPinia, type TestingOptions } from '@pinia/testing';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';
import { useMediaStore } from '../../renderer/src/stores/media';
import { withLocale } from './i18n';

let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

/** The bar in the document (focus needs it there). */
function bar(initialState: TestingOptions['initialState'] = {}, locale?: 'fr') {
  wrapper = mount(ControlBar, {
    attachTo: document.body,
    global: {
      plugins: [
        createTestingPinia({ createSpy: vi.fn, stubActions: true, initialState }),
        ...(locale ? [withLocale(locale)] : []),
      ],
    },
  });
  return wrapper;
}

const menuButton = (w: VueWrapper) => w.get<HTMLButtonElement>('button[aria-haspopup="menu"]');
const items = () => [...document.querySelectorAll<HTMLElement>('[role="menu"] [role^="menuitem"]')];
const focusedText = () => (document.activeElement as HTMLElement | null)?.textContent?.trim();

function key(target: Element, name: string): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

describe('the share options menu', () => {
  it('is a menu button that opens on the first item and is named in both languages', async () => {
    const w = bar();
    const button = menuButton(w);
    expect(button.text()).toBe('Share options');
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(w.find('[role="menu"]').exists()).toBe(false);
    await button.trigger('click');
    await flushPromises();
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(w.get('[role="menu"]').attributes('id')).toBe(button.attributes('aria-controls'));
    expect(focusedText()).toMatch(/^Auto \(now text\)$/);
    w.unmount();
    expect(menuButton(bar({}, 'fr')).text()).toBe('Options de partage');
  });

  it('lets the choice of Text, Motion or Auto be made before sharing', async () => {
    const w = bar({ media: { sharing: false } });
    await menuButton(w).trigger('click');
    await flushPromises();
    const names = items().map((item) => item.textContent?.trim());
    expect(names.slice(0, 3)).toEqual([
      'Auto (now text)',
      'Text: sharp, up to 15 fps',
      'Motion: smooth, up to 60 fps',
    ]);
    expect(names).not.toContain('Share another window or screen');
    expect(items()[0]!.getAttribute('aria-checked')).toBe('true');
    items()[2]!.click();
    await flushPromises();
    expect(useMediaStore().sharePreset).toBe('motion');
    // Choosing closes the menu and gives focus back to its button.
    expect(w.find('[role="menu"]').exists()).toBe(false);
    expect(document.activeElement).toBe(menuButton(w).element);
  });

  it('moves with the arrow keys, Home and End, wrapping at the ends', async () => {
    const w = bar();
    await menuButton(w).trigger('click');
    await flushPromises();
    const menu = w.get('[role="menu"]').element;
    const all = items();
    expect(document.activeElement).toBe(all[0]);
    expect(key(menu, 'ArrowDown').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(all[1]);
    key(menu, 'ArrowUp');
    key(menu, 'ArrowUp');
    expect(document.activeElement).toBe(all.at(-1));
    key(menu, 'ArrowDown');
    expect(document.activeElement).toBe(all[0]);
    key(menu, 'End');
    expect(document.activeElement).toBe(all.at(-1));
    key(menu, 'Home');
    expect(document.activeElement).toBe(all[0]);
  });

  it('opens from the keyboard with ArrowUp on its last item, and Escape closes it onto its button', async () => {
    const w = bar();
    const button = menuButton(w);
    button.element.focus();
    key(button.element, 'ArrowUp');
    await flushPromises();
    expect(document.activeElement).toBe(items().at(-1));
    const escape = key(w.get('[role="menu"]').element, 'Escape');
    await flushPromises();
    expect(escape.defaultPrevented).toBe(true);
    expect(w.find('[role="menu"]').exists()).toBe(false);
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button.element);
  });

  it('closes on a press outside it, leaving focus alone', async () => {
    const w = bar();
    await menuButton(w).trigger('click');
    await flushPromises();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await flushPromises();
    expect(w.find('[role="menu"]').exists()).toBe(false);
  });

  it('while sharing, offers another window or screen, which opens the way to share again', async () => {
    const w = bar({ media: { sharing: true } });
    await menuButton(w).trigger('click');
    await flushPromises();
    const change = items()[0]!;
    expect(change.getAttribute('role')).toBe('menuitem');
    expect(change.textContent?.trim()).toBe('Share another window or screen');
    change.click();
    await flushPromises();
    expect(w.emitted('share')).toHaveLength(1);
    expect(useMediaStore().stopShare).not.toHaveBeenCalled();
  });

  it('sets the codec from its own group, Auto checked by default', async () => {
    const w = bar();
    await menuButton(w).trigger('click');
    await flushPromises();
    const codecs = w.findAll('[aria-labelledby="share-codec-heading"] [role="menuitemradio"]');
    expect(w.get('#share-codec-heading').text()).toBe('Screen codec');
    expect(codecs[0]!.attributes('aria-checked')).toBe('true');
    await codecs[1]!.trigger('click');
    expect(useMediaStore().shareCodec).not.toBe('auto');
  });
});
