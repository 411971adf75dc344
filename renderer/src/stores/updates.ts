/**
 * The desktop app's updates as the user sees them: main checks on its own and pushes where it stands;
 * this store offers a newer version once ("Download" or "Later"), follows the download, and offers the
 * restart, which main refuses during a call. "Check for updates" asks again and keeps the answer on
 * screen even when there is nothing new. In a browser nothing here listens or acts.
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import type { ResultError } from '../../../common/result';
import type { UpdateStatus } from '../../../common/updates';
import { injectServices } from '../services';
import { useRoomStore } from './room';

export const useUpdatesStore = defineStore('updates', () => {
  const { platform } = injectServices();
  const room = useRoomStore();
  const status = ref<UpdateStatus>({ state: 'idle' });
  /** The version the user put off with "Later": not offered again until a newer one comes. */
  const postponed = ref<string | null>(null);
  /** Set by "Check for updates", so its answer shows even when it is "nothing new". */
  const asked = ref(false);
  const problem = ref<ResultError | null>(null);
  /** Restarting would end the call: the button waits for it to end. */
  const inCall = computed(() => room.phase === 'in-room');

  /** Whether the prompt shows: an offer or a restart not put off, a download, or an answer asked for. */
  const visible = computed(() => {
    const current = status.value;
    switch (current.state) {
      case 'available':
      case 'downloaded':
        return postponed.value !== current.version;
      case 'downloading':
        return true;
      case 'failed':
        // A refused forgery is said even unasked: someone on the network offered a program as ours.
        return asked.value || current.stage === 'download' || current.stage === 'signature';
      case 'idle':
        return false;
      default:
        return asked.value;
    }
  });

  async function check(): Promise<void> {
    asked.value = true;
    postponed.value = null;
    problem.value = null;
    status.value = { state: 'checking' };
    const checked = await platform.updates.check();
    if (checked.ok) status.value = checked.data;
    else problem.value = checked.error;
  }

  async function download(): Promise<void> {
    problem.value = null;
    const started = await platform.updates.download();
    if (!started.ok) problem.value = started.error;
  }

  async function install(): Promise<void> {
    problem.value = null;
    const installing = await platform.updates.install();
    if (!installing.ok) problem.value = installing.error;
  }

  /** Puts off the offer (or the restart) of this version; "Check for updates" brings it back. */
  function later(): void {
    const current = status.value;
    if (current.state === 'available' || current.state === 'downloaded') postponed.value = current.version;
    asked.value = false;
    problem.value = null;
  }

  if (platform.desktop) {
    const off = platform.updates.onChanged((next) => (status.value = next));
    void platform.updates.status().then((current) => {
      if (current.ok && status.value.state === 'idle') status.value = current.data;
    });
    onScopeDispose(off);
  }

  return { status, visible, inCall, problem, available: platform.desktop, check, download, install, later };
});
