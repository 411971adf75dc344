/**
 * Moving to another signaling server. In the desktop app main validates the address, remembers it and
 * widens the page's CSP to it, then the page reloads and connects there. In a browser every server
 * serves its own copy of this page, so switching is opening that server's address.
 */
import { ref } from 'vue';
import type { ResultError } from '../../../common/result';
import { parseServerAddress } from '../../../common/server-address';
import { useServices } from '../services';

export function useServerSwitch(win: Pick<Window, 'location'> = window) {
  const problem = ref<ResultError | null>(null);
  const switching = ref(false);

  async function switchTo(address: string | null): Promise<boolean> {
    problem.value = null;
    const bridge = useServices().platform.bridge;
    if (bridge) {
      switching.value = true;
      const chosen = await bridge.setSignalingServer(address);
      switching.value = false;
      if (!chosen.ok) {
        problem.value = chosen.error;
        return false;
      }
      win.location.reload();
      return true;
    }
    if (address === null) return false;
    const parsed = parseServerAddress(address);
    if (!parsed.ok) {
      problem.value = parsed.error;
      return false;
    }
    win.location.assign(parsed.data);
    return true;
  }

  return { problem, switching, switchTo };
}
