import { describe, expect, it } from 'vitest';
import { LOG_BURST as BURST, LOG_REFILL_MS as REFILL_MS } from '../../../electron/main/log-budget';
import { mainLocaleOf } from '../../../electron/main/desktop/strings';
import { createFakeElectron } from '../../fakes/electron';
import { setupDesktop } from '../support/desktop';

describe("main's words in the user's language", () => {
  it('follows the OS language until the renderer says which one the user chose', async () => {
    const electron = createFakeElectron();
    electron.app.locale = 'fr-CA';
    const { invoke } = await setupDesktop({}, electron);
    expect(electron.Tray.created[0]?.menu?.labels()).toContain('Quitter Nearcast');
    expect(electron.Menu.applicationMenu?.click('Ouvrir les journaux')).toBe(true);
    await invoke('app:set-language', 'en');
    expect(electron.Tray.created[0]?.menu?.labels()).toContain('Quit Nearcast');
    expect(electron.Menu.applicationMenu?.click('Open logs')).toBe(true);
  });

  it('words notifications in the chosen language', async () => {
    const { electron, invoke } = await setupDesktop();
    await invoke('app:set-language', 'fr');
    await invoke('call:notify-incoming', { callId: 'c1', callerName: 'Ada' });
    expect(electron.Notification.created[0]?.options).toMatchObject({
      title: 'Appel entrant',
      body: 'Ada vous appelle.',
      actions: [
        { type: 'button', text: 'Répondre' },
        { type: 'button', text: 'Refuser' },
      ],
    });
  });

  it('refuses a language it has no words for', async () => {
    const { invoke } = await setupDesktop();
    await expect(invoke('app:set-language', 'de')).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
  });

  it('reads OS locales as their base language, English when it has none', () => {
    expect(mainLocaleOf('fr_FR')).toBe('fr');
    expect(mainLocaleOf('de-DE')).toBe('en');
  });
});

describe('right-click menu', () => {
  it('offers Cut, Copy, Paste and Select all in a text field, as the field allows, translated', async () => {
    const { electron, open, invoke } = await setupDesktop();
    const window = open();
    window.webContents.rightClick({
      editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true },
    });
    const menu = electron.Menu.built.at(-1);
    expect(menu?.popups).toBe(1);
    expect(menu?.template).toEqual([
      { role: 'cut', label: 'Cut', enabled: false },
      { role: 'copy', label: 'Copy', enabled: false },
      { role: 'paste', label: 'Paste', enabled: true },
      { type: 'separator' },
      { role: 'selectAll', label: 'Select all', enabled: true },
    ]);
    await invoke('app:set-language', 'fr');
    window.webContents.rightClick();
    expect(electron.Menu.built.at(-1)?.labels()).toEqual([
      'Couper',
      'Copier',
      'Coller',
      'separator',
      'Tout sélectionner',
    ]);
  });

  it('offers Copy on selected text, and nothing elsewhere', async () => {
    const { electron, open } = await setupDesktop();
    const window = open();
    window.webContents.rightClick({ isEditable: false, selectionText: 'hello' });
    expect(electron.Menu.built.at(-1)?.labels()).toEqual(['Copy']);
    const built = electron.Menu.built.length;
    window.webContents.rightClick({ isEditable: false, selectionText: '' });
    expect(electron.Menu.built).toHaveLength(built);
  });
});

describe('renderer errors in the log file', () => {
  const report = { kind: 'error', message: 'boom', stack: 'Error: boom\n  at x', source: 'app.js' };

  it('writes a reported error to main’s log at error level', async () => {
    const { invoke, lines } = await setupDesktop();
    await expect(invoke('log:renderer-error', report)).resolves.toEqual({ ok: true, data: null });
    expect(lines.at(-1)).toMatchObject({ level: 50, name: 'renderer', msg: 'boom', kind: 'error' });
  });

  it('refuses reports over the size bound or of an unknown shape', async () => {
    const { invoke, lines } = await setupDesktop();
    const before = lines.length;
    await expect(
      invoke('log:renderer-error', { ...report, message: 'x'.repeat(1_001) }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    await expect(invoke('log:renderer-error', { ...report, extra: 1 })).resolves.toMatchObject({ ok: false });
    expect(lines.slice(before).filter((line) => line.name === 'renderer')).toEqual([]);
  });

  it('bounds the rate: a burst, then one per refill, and says how many were dropped', async () => {
    const { invoke, lines, clock } = await setupDesktop();
    for (let i = 0; i < BURST + 5; i += 1) await invoke('log:renderer-error', report);
    const written = () => lines.filter((line) => line.name === 'renderer' && line.msg === 'boom').length;
    expect(written()).toBe(BURST);
    clock.now += REFILL_MS;
    await invoke('log:renderer-error', report);
    expect(written()).toBe(BURST + 1);
    expect(lines.find((line) => line.dropped !== undefined)).toMatchObject({ dropped: 5 });
  });
});
