/**
 * `createForwardingUnit`: the signaling server's handle on the unit's worker thread. It posts joins,
 * leaves and signals to the worker and relays the worker's signals to the one listener; it resolves
 * once the worker has its certificate, so `fingerprint` is known before any member connects.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ForwardingUnit, UnitOutgoing, UnitStats } from './forwarding-unit';
import type { HostMessage, WorkerMessage, WorkerSettings } from './protocol';

/** How the server starts its unit; only `logger` is required. */
export interface ForwardingUnitOptions {
  /**
   * The worker's entry. Default: `unit-worker.js` next to the running bundle (out/server, out/main);
   * when this module runs from source (tests, tsx), `worker.ts` beside it, loaded through tsx.
   */
  entry?: URL;
  /** Node options for the worker (none by default). A .ts entry is loaded through tsx's loader. */
  execArgv?: string[];
  /** Addresses announced to members as ICE host candidates besides the machine's (e.g. 127.0.0.1). */
  addresses?: string[];
  logger: Logger;
  /** Members of a room who may send media at once (default 8). */
  maxSenders?: number;
}

/** How long the worker may take to start (it generates its DTLS certificate) or to close. */
const WORKER_TIMEOUT_MS = 15_000;

/**
 * A worker running `entry`. Node 20 does not apply `--import` hooks to a worker, so a TypeScript entry
 * (tests, running from source) starts from a small script that registers tsx first.
 */
function startWorker(entry: URL, settings: WorkerSettings, execArgv: string[]): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: settings, execArgv });
  // The CommonJS build's path, then its ES module twin: a data: module imports absolute URLs only.
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const bootstrap = [
    `import { register } from ${JSON.stringify(pathToFileURL(api).href)};`,
    'register();',
    `await import(${JSON.stringify(entry.href)});`,
  ].join('\n');
  const url = new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
  return new Worker(url, { workerData: settings, execArgv });
}

/**
 * The worker beside this module: worker.ts from source; unit-worker.js in a bundle, where this module
 * sits in the entry's folder (out/server) or in a chunks/ folder below it (the Electron main build).
 */
function defaultEntry(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./worker.ts', here);
  const candidates = [new URL('./unit-worker.js', here), new URL('../unit-worker.js', here)];
  return candidates.find((url) => existsSync(url)) ?? (candidates[0] as URL);
}

/** Starts the unit's worker; rejects when it cannot start (the server then keeps rooms in mesh). */
export async function createForwardingUnit(options: ForwardingUnitOptions): Promise<ForwardingUnit> {
  const entry = options.entry ?? defaultEntry();
  const log = options.logger.child({ module: 'server:unit' });
  const settings: WorkerSettings = {
    addresses: options.addresses ?? [],
    maxSenders: options.maxSenders ?? 8,
    debug: log.isLevelEnabled('debug'),
  };
  const worker = startWorker(entry, settings, options.execArgv ?? []);
  let listener: ((outgoing: UnitOutgoing) => void) | null = null;
  const pendingStats = new Map<
    number,
    { resolve: (stats: UnitStats) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  let exited = false;
  let closing: Promise<void> | null = null;

  const fingerprint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the forwarding unit did not start')), WORKER_TIMEOUT_MS);
    worker.once('error', (error) => reject(error));
    worker.once('exit', (code) => reject(new Error(`the forwarding unit exited with code ${code}`)));
    worker.on('message', function first(message: WorkerMessage) {
      if (message.type !== 'ready' && message.type !== 'failed') return;
      clearTimeout(timer);
      worker.off('message', first);
      if (message.type === 'ready') resolve(message.fingerprint);
      else reject(new Error(message.message));
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'signal') listener?.(message.outgoing);
    else if (message.type === 'stats') {
      pendingStats.get(message.id)?.resolve(message.stats);
      pendingStats.delete(message.id);
    } else if (message.type === 'log') log[message.level](message.details, message.message);
  });
  worker.on('error', (error) => log.error({ err: error }, 'forwarding unit failed'));
  worker.on('exit', (code) => {
    exited = true;
    for (const { reject } of pendingStats.values()) reject(new Error('the forwarding unit has stopped'));
    pendingStats.clear();
    if (!closing) log.error({ code }, 'forwarding unit stopped');
  });

  function post(message: HostMessage): void {
    if (!exited) worker.postMessage(message);
  }

  return {
    fingerprint,
    join: (room, peerId) => post({ type: 'join', room, peerId }),
    leave: (room, peerId) => post({ type: 'leave', room, peerId }),
    signal: (room, peerId, pc, data) => post({ type: 'signal', room, peerId, pc, data }),
    onSignal(next) {
      listener = next;
      return () => {
        if (listener === next) listener = null;
      };
    },
    async stats() {
      if (exited) throw new Error('the forwarding unit has stopped');
      const id = nextId++;
      return new Promise<UnitStats>((resolve, reject) => {
        pendingStats.set(id, { resolve, reject });
        post({ type: 'stats', id });
      });
    },
    close() {
      closing ??= (async () => {
        if (exited) return;
        const closed = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, WORKER_TIMEOUT_MS);
          worker.on('message', (message: WorkerMessage) => {
            if (message.type !== 'closed') return;
            clearTimeout(timer);
            resolve();
          });
        });
        post({ type: 'close' });
        await closed;
        await worker.terminate();
      })();
      return closing;
    },
  };
}
