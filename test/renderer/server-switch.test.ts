import { describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../common/result';
import { useServerSwitch } from '../../renderer/src/composables/useServerSwitch';
import { installServices, type Services } from '../../renderer/src/services';
import { inWords } from './i18n';

function fakeWindow() {
  return { location: { assign: vi.fn(), reload: vi.fn() } } as unknown as Window & {
    location: { assign: ReturnType<typeof vi.fn>; reload: ReturnType<typeof vi.fn> };
  };
}

describe('switching servers', () => {
  it('in a browser, opens the other server at its canonical address', async () => {
    installServices({ platform: { bridge: null } } as unknown as Services);
    const win = fakeWindow();
    const { switchTo, problem } = useServerSwitch(win);
    expect(await switchTo(' 192.168.1.20 ')).toBe(true);
    expect(win.location.assign).toHaveBeenCalledWith('http://192.168.1.20:4780/');
    expect(problem.value).toBeNull();
  });

  it('refuses a bad address with the reason and goes nowhere', async () => {
    installServices({ platform: { bridge: null } } as unknown as Services);
    const win = fakeWindow();
    const { switchTo, problem } = useServerSwitch(win);
    expect(await switchTo('ftp://box.lan')).toBe(false);
    expect(inWords(problem.value)).toBe('A Nearcast server address starts with http:// or https://.');
    expect(inWords(problem.value, 'fr')).toBe(
      'Une adresse de serveur Nearcast commence par http:// ou https://.',
    );
    expect(win.location.assign).not.toHaveBeenCalled();
  });

  it('in the desktop app, asks main (which widens the CSP) and reloads only when main agreed', async () => {
    const setSignalingServer = vi
      .fn()
      .mockResolvedValueOnce(ok('http://box.lan:4780/'))
      .mockResolvedValueOnce(err('UNAVAILABLE'));
    installServices({ platform: { bridge: { setSignalingServer } } } as unknown as Services);
    const win = fakeWindow();
    const { switchTo, problem } = useServerSwitch(win);
    expect(await switchTo('box.lan')).toBe(true);
    expect(setSignalingServer).toHaveBeenCalledWith('box.lan');
    expect(win.location.reload).toHaveBeenCalledOnce();
    expect(await switchTo('other.lan')).toBe(false);
    expect(inWords(problem.value)).toBe('This feature is not available here.');
    expect(win.location.reload).toHaveBeenCalledOnce();
  });

  it('in the desktop app, says what is wrong with an address without asking main', async () => {
    const setSignalingServer = vi.fn();
    installServices({ platform: { bridge: { setSignalingServer } } } as unknown as Services);
    const { switchTo, problem } = useServerSwitch(fakeWindow());
    expect(await switchTo('http://')).toBe(false);
    expect(inWords(problem.value)).toBe('That is not an address. Try something like 192.168.1.20:4780.');
    expect(inWords(problem.value, 'fr')).toBe(
      "Ce n'est pas une adresse. Essayez par exemple 192.168.1.20:4780.",
    );
    expect(setSignalingServer).not.toHaveBeenCalled();
  });
});
