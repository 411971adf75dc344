/**
 * Who may come in while this computer hosts: the access-code and approval switches (kept by main, on
 * by default), a new access code on demand, and the LAN guests knocking, each answered Allow or Deny.
 * The knocks are pushed by main as they come and go (a guest who leaves or is not answered in time
 * disappears by itself). In a browser nothing here does anything: only the desktop app hosts.
 */
import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import type { GuestKnock, HostingAdmission } from '../../../common/ipc';
import type { ResultError } from '../../../common/result';
import { injectServices } from '../services';

export const useGuestsStore = defineStore('guests', () => {
  const { platform } = injectServices();
  /** null until main answered (or in a browser). */
  const admission = ref<HostingAdmission | null>(null);
  const knocks = ref<GuestKnock[]>([]);
  const problem = ref<ResultError | null>(null);

  async function setAdmission(next: HostingAdmission): Promise<void> {
    const saved = await platform.guests.setAdmission(next);
    if (saved.ok) admission.value = saved.data;
    problem.value = saved.ok ? null : saved.error;
  }

  /** A new access code; the QR code and join link follow through main's hosting push. */
  async function newCode(): Promise<void> {
    const made = await platform.guests.newCode();
    problem.value = made.ok ? null : made.error;
  }

  async function answer(id: number, allow: boolean): Promise<void> {
    // Taken off the list at once; main's push confirms (or a guest who left is already gone).
    knocks.value = knocks.value.filter((knock) => knock.id !== id);
    const answered = await platform.guests.answer({ id, allow });
    problem.value = answered.ok ? null : answered.error;
  }

  if (platform.desktop) {
    let pushed = false;
    const off = platform.guests.onKnocks((next) => {
      pushed = true;
      knocks.value = next;
    });
    void platform.guests.knocks().then((listed) => {
      if (listed.ok && !pushed) knocks.value = listed.data;
    });
    void platform.guests.admission().then((read) => {
      if (read.ok && admission.value === null) admission.value = read.data;
    });
    onScopeDispose(off);
  }

  return { admission, knocks, problem, setAdmission, newCode, answer };
});
