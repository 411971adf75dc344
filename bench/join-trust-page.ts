/**
 * What the join-trust benchmark runs inside the pages: a probe that stamps the moment each link's
 * identity settles, a page without a device key, and the signing and checking code of the app bundled
 * on its own for the micro-figures.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../test/support/server-process';

/** One settled link, as the probe saw it: the peer, how it settled, when (epoch ms, sub-ms). */
export interface Settled {
  peerId: string;
  kind: string;
  at: number;
}

/**
 * Stamps, synchronously as the room store changes, each link whose identity becomes keyed or guest
 * (or refused). Reaches the store through Pinia on the mounted app, which the benchmark alone does;
 * the clock is `timeOrigin + now()`, comparable between pages of one machine.
 */
export function watchSettled(): Settled[] {
  type TrustEntry = { trust: { kind: string } };
  type RoomStore = {
    $subscribe(
      callback: (mutation: unknown, state: { trustByPeer: Map<string, TrustEntry> }) => void,
      options: object,
    ): void;
  };
  const holder = document.querySelector('#app') as unknown as {
    __vue_app__: { config: { globalProperties: { $pinia: { _s: Map<string, RoomStore> } } } };
  };
  const room = holder.__vue_app__.config.globalProperties.$pinia._s.get('room');
  if (!room) throw new Error('no room store on this page');
  const settled: Settled[] = [];
  const seen = new Set<string>();
  room.$subscribe(
    (_mutation, state) => {
      for (const [peerId, { trust }] of state.trustByPeer) {
        if (seen.has(peerId) || trust.kind === 'pending') continue;
        seen.add(peerId);
        settled.push({ peerId, kind: trust.kind, at: performance.timeOrigin + performance.now() });
      }
    },
    { flush: 'sync', detached: true },
  );
  (window as unknown as { joinTrustSettled: Settled[] }).joinTrustSettled = settled;
  return settled;
}

/** When each control channel opened, said our hello, and got the peer's (epoch ms, sub-ms). */
export interface HelloStamps {
  open: number[];
  helloSent: number[];
  helloReceived: number[];
}

/**
 * Stamps the hello exchange on every control channel, before the app sees it: our hello leaves when
 * signing is done, and the peer's arrives before the app checks it. Installed before the app loads.
 */
export function stampHellos(): void {
  const stamps: HelloStamps = { open: [], helloSent: [], helloReceived: [] };
  (window as unknown as { joinTrustStamps: HelloStamps }).joinTrustStamps = stamps;
  const now = () => performance.timeOrigin + performance.now();
  const isHello = (data: unknown) => typeof data === 'string' && data.startsWith('{"t":"hello"');
  const create = RTCPeerConnection.prototype.createDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, label, init) {
    const channel = create.call(this, label, init);
    if (label === 'control') {
      // Added before the app's own handler: this runs first.
      channel.addEventListener('open', () => stamps.open.push(now()));
      channel.addEventListener('message', ({ data }) => {
        if (isHello(data)) stamps.helloReceived.push(now());
      });
    }
    return channel;
  };
  const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
  RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: unknown) {
    if (this.label === 'control' && isHello(data)) stamps.helloSent.push(now());
    send.call(this, data);
  } as RTCDataChannel['send'];
}

/** A page with no WebCrypto, as on plain http from another machine: no device key, a guest. */
export function withoutWebCrypto(): void {
  Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
}

/** The app's hello signing and checking, and its device key, bundled as `nearcastHello` for a page. */
export async function helloBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: [
        "export { proveHello, checkHello } from './renderer/src/rtc/hello-proof';",
        "export { loadDeviceKey } from './renderer/src/services/device-key';",
      ].join('\n'),
      resolveDir: resolve(REPO_ROOT),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'nearcastHello',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Times `iterations` signs and checks of a hello in the page; milliseconds each, and whether all checked. */
export async function timeSignAndCheck(
  iterations: number,
): Promise<{ sign: number[]; check: number[]; valid: boolean }> {
  type Proof = { publicKey: string; signature: string };
  type Link = { local: string[]; remote: string[] };
  const api = (
    window as unknown as {
      nearcastHello: {
        loadDeviceKey(
          subtle: SubtleCrypto,
          idb: IDBFactory,
        ): Promise<{ publicKey: string; sign(text: string): Promise<string> } | null>;
        proveHello(signer: unknown, place: string, clientId: string, link: Link): Promise<Proof>;
        checkHello(proof: Proof, binding: { place: string; clientId: string }, link: Link): unknown;
      };
    }
  ).nearcastHello;
  const key = await api.loadDeviceKey(crypto.subtle, indexedDB);
  if (!key) throw new Error('no device key in this page');
  const hex = (seed: number) =>
    Array.from({ length: 32 }, (_, i) =>
      ((seed * 31 + i * 7) % 256).toString(16).padStart(2, '0').toUpperCase(),
    ).join(':');
  const link = { local: [`sha-256 ${hex(1)}`], remote: [`sha-256 ${hex(2)}`] };
  const seen = { local: link.remote, remote: link.local };
  const place = 'room:bench';
  const clientId = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
  const sign: number[] = [];
  const check: number[] = [];
  let valid = true;
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const proof = await api.proveHello(key, place, clientId, link);
    const signed = performance.now();
    const proven = api.checkHello(proof, { place, clientId }, seen);
    const checked = performance.now();
    sign.push(signed - started);
    check.push(checked - signed);
    valid &&= proven !== null;
  }
  return { sign, check, valid };
}
