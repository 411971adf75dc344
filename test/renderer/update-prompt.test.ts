/**
 * The update prompt over the real updates store and platform, with main's side a fake bridge: what
 * main pushes is what the user sees, each button asks main for exactly its step, the restart waits
 * for the end of a call, "Later" puts a version off, and French reads as French.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../common/result';
import type { UpdateStatus } from '../../common/updates';
import UpdateCheck from '../../renderer/src/components/UpdateCheck.vue';
import UpdatePrompt from '../../renderer/src/components/UpdatePrompt.vue';
import { SERVICES } from '../../renderer/src/services';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useUpdatesStore } from '../../renderer/src/stores/updates';
import { fakeBridge } from '../fakes/dom/bridge';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { withLocale } from './i18n';

function start(options: { desktop?: boolean; locale?: 'en' | 'fr' } = {}) {
  const desktop = fakeBridge();
  const { win } = fakeWindow(options.desktop === false ? {} : { bridge: desktop.bridge });
  const services = fakeServices({ win });
  const pinia = piniaWith(services);
  const plugins = [pinia, ...(options.locale ? [withLocale(options.locale)] : [])];
  const global = { plugins, provide: { [SERVICES]: services } };
  const prompt = mount(UpdatePrompt, { global });
  const check = mount(UpdateCheck, { global });
  const push = async (status: UpdateStatus) => {
    desktop.channels.updates.fire(status);
    await flushPromises();
  };
  const buttons = () => prompt.findAll('button').map((button) => button.text());
  return { desktop, prompt, check, push, buttons };
}

describe('update prompt', () => {
  it('shows nothing until main has something to offer', async () => {
    const { prompt, push } = start();
    await flushPromises();
    expect(prompt.find('section').exists()).toBe(false);
    await push({ state: 'up-to-date' });
    expect(prompt.find('section').exists()).toBe(false);
  });

  it('offers a newer version, downloads it when asked, shows progress, then offers the restart', async () => {
    const { desktop, prompt, push, buttons } = start();
    await push({ state: 'available', version: '0.2.0', from: '192.168.1.5:4780' });

    expect(prompt.get('[role="status"]').text()).toBe('Nearcast 0.2.0 is available from 192.168.1.5:4780.');
    expect(prompt.get('section').attributes('aria-labelledby')).toBe('update-title');
    expect(buttons()).toEqual(['Download', 'Later']);
    expect(desktop.bridge.downloadUpdate).not.toHaveBeenCalled();

    await prompt.get('button.primary').trigger('click');
    expect(desktop.bridge.downloadUpdate).toHaveBeenCalledOnce();

    await push({ state: 'downloading', version: '0.2.0', percent: 42 });
    const bar = prompt.get('progress');
    expect(bar.attributes('value')).toBe('42');
    expect(bar.attributes('max')).toBe('100');
    expect(bar.attributes('aria-label')).toBe('Download of Nearcast 0.2.0');
    expect(buttons()).toEqual([]);

    await push({ state: 'downloaded', version: '0.2.0' });
    expect(prompt.get('[role="status"]').text()).toBe('Nearcast 0.2.0 is ready to install.');
    expect(buttons()).toEqual(['Restart to update', 'Later']);
    await prompt.get('button.primary').trigger('click');
    expect(desktop.bridge.installUpdate).toHaveBeenCalledOnce();
  });

  it('holds the restart during a call, and says why when main refuses it', async () => {
    const { desktop, prompt, push } = start();
    await push({ state: 'downloaded', version: '0.2.0' });
    useRoomStore().phase = 'in-room';
    await flushPromises();

    const restart = prompt.get('button.primary');
    expect(restart.attributes('disabled')).toBeDefined();
    expect(prompt.text()).toContain('Restart after your call');

    useRoomStore().phase = 'idle';
    desktop.bridge.installUpdate.mockResolvedValueOnce(
      err('BUSY', 'Nearcast restarts to update: finish the call first.'),
    );
    await flushPromises();
    await prompt.get('button.primary').trigger('click');
    await flushPromises();
    expect(prompt.get('[role="alert"]').text()).toBe('Restart after your call: restarting now would end it.');
  });

  it('puts a version off with Later, and offers the next one', async () => {
    const { prompt, push } = start();
    await push({ state: 'available', version: '0.2.0', from: '192.168.1.5:4780' });
    await prompt.findAll('button')[1]?.trigger('click');
    expect(prompt.find('section').exists()).toBe(false);

    await push({ state: 'available', version: '0.2.0', from: '192.168.1.5:4780' });
    expect(prompt.find('section').exists()).toBe(false);
    await push({ state: 'available', version: '0.3.0', from: '192.168.1.5:4780' });
    expect(prompt.get('[role="status"]').text()).toBe('Nearcast 0.3.0 is available from 192.168.1.5:4780.');
  });

  it('answers "Check for updates" even when there is nothing new, or no source', async () => {
    const { desktop, prompt, check, buttons } = start();
    await flushPromises();
    await check.get('button').trigger('click');
    await flushPromises();
    expect(desktop.bridge.checkForUpdates).toHaveBeenCalledOnce();
    expect(prompt.get('[role="status"]').text()).toBe('You have the latest version of Nearcast.');
    expect(buttons()).toEqual(['Close']);
    await prompt.get('button').trigger('click');
    expect(prompt.find('section').exists()).toBe(false);

    desktop.bridge.checkForUpdates.mockResolvedValueOnce(ok<UpdateStatus>({ state: 'no-source' }));
    await check.get('button').trigger('click');
    await flushPromises();
    expect(prompt.get('[role="status"]').text()).toContain('No server on your network offers updates');
  });

  it('offers a new try after a failed download', async () => {
    const { desktop, prompt, push, buttons } = start();
    await push({ state: 'failed', stage: 'download', version: '0.2.0' });
    expect(prompt.get('[role="status"]').text()).toBe('The download of Nearcast 0.2.0 failed.');
    expect(buttons()).toEqual(['Try again', 'Close']);
    await prompt.get('button.primary').trigger('click');
    expect(desktop.bridge.checkForUpdates).toHaveBeenCalledOnce();
  });

  it('says an update offered on the network was refused for its missing signature', async () => {
    const { prompt, push } = start();
    await push({ state: 'failed', stage: 'signature', version: null });
    expect(prompt.get('[role="status"]').text()).toBe(
      'An update was offered on your network that is not signed by Nearcast’s publisher. It was refused: nothing was downloaded.',
    );
  });

  it('speaks French', async () => {
    const { prompt, push, buttons } = start({ locale: 'fr' });
    await push({ state: 'available', version: '0.2.0', from: '192.168.1.5:4780' });
    expect(prompt.get('[role="status"]').text()).toBe('Nearcast 0.2.0 est disponible sur 192.168.1.5:4780.');
    expect(buttons()).toEqual(['Télécharger', 'Plus tard']);
    await push({ state: 'downloaded', version: '0.2.0' });
    expect(buttons()).toEqual(['Redémarrer pour mettre à jour', 'Plus tard']);
  });

  it('stays away in a browser, where the server’s page is always current', async () => {
    start({ desktop: false });
    await flushPromises();
    const updates = useUpdatesStore();
    expect(updates.available).toBe(false);
    expect(updates.visible).toBe(false);
  });
});
