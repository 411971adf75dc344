/**
 * The connection to the signaling server: which server, whether it is reachable. One client per
 * renderer; other stores borrow it.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { useServices } from '../services';
import type { ConnectionStatus, SignalingClient } from '../services/signaling-client';

export const useSessionStore = defineStore('session', () => {
  const serverUrl = ref<string | null>(null);
  const status = ref<ConnectionStatus>('disconnected');
  const client = shallowRef<SignalingClient | null>(null);

  /** Opens the connection once; later calls return the same client. */
  async function connect(): Promise<SignalingClient> {
    if (client.value) return client.value;
    const services = useServices();
    const url = await services.platform.signalingUrl();
    const created = services.connectSignaling(url);
    serverUrl.value = url;
    status.value = created.status;
    created.on('status', (next) => (status.value = next));
    client.value = created;
    return created;
  }

  /** Resolves true once connected, false if that does not happen within the timeout. */
  function waitUntilConnected(timeoutMs: number): Promise<boolean> {
    const current = client.value;
    if (!current) return Promise.resolve(false);
    if (current.status === 'connected') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = current.on('status', (next) => {
        if (next !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  function disconnect(): void {
    client.value?.close();
    client.value = null;
    status.value = 'disconnected';
  }

  return { serverUrl, status, client, connect, waitUntilConnected, disconnect };
});
