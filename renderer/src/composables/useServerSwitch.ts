/**
 * Moving to another signaling server. In the desktop app main validates the address, remembers it and
 * widens the page's CSP to it, then the page reloads and connects there. In a browser every server
 * serves its own copy of this page, so switching is opening that server's address.
 */
import { ref } from 'vue';
import { checkServerAddress } from '../../../common/server-address';
import type { Problem } from '../i18n/problem';
import { useServices } from '../services';

export function useServerSwitch(win: Pick<Window, 'location'> = window) {
  const problem = ref<Problem | null>(null);
  const switching = ref(false);

  async function switchTo(address: string | null): Promise<boolean> {
    problem.value = null;
    // Main applies the same rules, but only this side can say what is wrong in the user's language.
    const checked = address === null ? null : checkServerAddress(address);
    if (checked && !checked.ok) {
      problem.value = checked.issue;
      return false;
    }
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
    if (checked === null) return false;
    win.location.assign(checked.data);
    return true;
  }

  return { problem, switching, switchTo };
}
