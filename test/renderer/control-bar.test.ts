import { createTestingPinia, type TestingOptions } from '@pinia/testing';
import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';
import { useMediaStore } from '../../renderer/src/stores/media';

let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function bar(initialState: TestingOptions['initialState'] = {}) {
  wrapper = mount(ControlBar, {
    attachTo: document.body,
    global: { plugins: [createTestingPinia({ createSpy: vi.fn, initialState })] },
  });
  return wrapper;
}

const named = (w: VueWrapper, name: string) => w.findAll('button').find((b) => b.text() === name)!;
const tooltipOf = (button: DOMWrapper<Element>) =>
  button.element.parentElement!.querySelector<HTMLElement>('[data-tooltip]')!;
const shows = (tip: HTMLElement) => tip.style.display !== 'none';

describe('the control bar', () => {
  it('draws each control as an icon, its name kept as text for assistive technology', () => {
    const w = bar({ media: { hasMicrophone: true } });
    for (const button of w.findAll('nav button')) {
      expect(button.find('svg[aria-hidden="true"]').exists()).toBe(true);
      expect(button.get('.visually-hidden').text()).toBe(button.text());
    }
  });

  it('shows state by icon and colour: a muted microphone crossed out and red', async () => {
    const w = bar({ media: { hasMicrophone: true, micMuted: false } });
    const mic = () => w.findAll('nav button')[0]!;
    expect(mic().find('svg.lucide-mic').exists()).toBe(true);
    expect(mic().classes()).not.toContain('off');
    useMediaStore().micMuted = true;
    await flushPromises();
    expect(mic().text()).toBe('Unmute');
    expect(mic().find('svg.lucide-mic-off').exists()).toBe(true);
    expect(mic().classes()).toContain('off');
  });

  it('says the microphone is connecting, still muted, while the forwarding unit is asked', async () => {
    const w = bar({ media: { hasMicrophone: true, micMuted: true, unmuting: true } });
    const mic = w.findAll('nav button')[0]!;
    expect(mic.text()).toBe('Connecting your microphone… (still muted)');
    expect(mic.attributes('aria-busy')).toBe('true');
    expect(mic.attributes('disabled')).toBeDefined();
    expect(mic.classes()).toContain('off');
  });

  it('says the camera is starting, still off, while the forwarding unit is asked', () => {
    const w = bar({ media: { hasMicrophone: true, cameraOff: true, busy: true, cameraStarting: true } });
    const camera = w.findAll('nav button')[1]!;
    expect(camera.text()).toBe('Starting your camera… (still off)');
    expect(camera.attributes('aria-busy')).toBe('true');
    expect(camera.attributes('disabled')).toBeDefined();
    expect(camera.classes()).toContain('off');
  });

  it('keeps every control in its place when a share starts', async () => {
    const w = bar({ media: { hasMicrophone: true, sharing: false } });
    const before = w.findAll('nav button').length;
    const shareIndex = w.findAll('nav button').findIndex((b) => b.text() === 'Share screen');
    useMediaStore().sharing = true;
    await flushPromises();
    const after = w.findAll('nav button');
    expect(after).toHaveLength(before);
    expect(after[shareIndex]!.text()).toBe('Stop sharing');
    expect(after[shareIndex]!.classes()).toContain('on');
    expect(w.findAll('nav select, nav input')).toHaveLength(0);
  });

  it('shows a tooltip with the shortcut on hover and on keyboard focus, not after a tap', async () => {
    const w = bar({ media: { hasMicrophone: true } });
    const mute = named(w, 'Mute');
    const tip = tooltipOf(mute);
    expect(tip.textContent?.trim()).toMatch(/^Mute \((Ctrl|⌘)\+D\)$/);
    expect(shows(tip)).toBe(false);

    await mute.element.parentElement!.dispatchEvent(new Event('pointerenter'));
    await flushPromises();
    expect(shows(tip)).toBe(true);
    mute.element.parentElement!.dispatchEvent(new Event('pointerleave'));
    await flushPromises();
    expect(shows(tip)).toBe(false);

    (mute.element as HTMLButtonElement).focus();
    await flushPromises();
    expect(shows(tip)).toBe(true);
    // Escape dismisses it without moving focus (WCAG 1.4.13).
    await mute.trigger('keydown', { key: 'Escape' });
    expect(shows(tip)).toBe(false);
    expect(document.activeElement).toBe(mute.element);
    (mute.element as HTMLButtonElement).blur();

    await mute.trigger('pointerdown');
    (mute.element as HTMLButtonElement).focus();
    await flushPromises();
    expect(shows(tip)).toBe(false);
  });

  it('says in the tooltip why capture controls are disabled on an insecure page', () => {
    const w = bar({ media: { captureAllowed: false, cameraOff: true } });
    const tip = tooltipOf(named(w, 'Share screen'));
    expect(tip.textContent).toMatch(/Share screen/);
    expect(tip.querySelector('br')).not.toBeNull();
  });

  it('counts unread messages on the chat icon, in words in its name', () => {
    const w = bar({ chat: { unread: 3, open: false } });
    const chat = named(w, 'Chat (3 unread)');
    expect(chat.element.parentElement!.querySelector('.badge')?.textContent).toBe('3');
  });
});
