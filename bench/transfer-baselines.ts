/**
 * Baselines for the transfer benchmark: two plain RTCPeerConnections in two pages, connected by
 * handing SDP and candidates across in Node, sending bytes from memory. The sending page opens in
 * the sending browser and the receiving page in the receiving browser, the very browsers Nearcast's
 * two pages run in, so baselines and Nearcast share one arrangement (processes, namespaces, cores).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { WRITE_BATCH_BYTES } from '../renderer/src/rtc/transfers/incoming';
import { HIGH_WATER_BYTES, LOW_WATER_BYTES, MAX_CHUNK } from '../renderer/src/rtc/transfers/outgoing';

export interface BenchPair {
  sender: Page;
  receiver: Page;
}

type BenchWindow = Window & {
  pc: RTCPeerConnection;
  dc: RTCDataChannel;
  candidates: RTCIceCandidateInit[];
};

async function preparePage(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}healthz`);
  await page.evaluate(async () => {
    // Camera/microphone permission lets Chromium use real host addresses instead of mDNS names.
    (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((t) => t.stop());
    const w = window as unknown as BenchWindow;
    w.candidates = [];
    w.pc = new RTCPeerConnection();
    w.pc.onicecandidate = (e) => {
      if (e.candidate) w.candidates.push(e.candidate.toJSON());
    };
  });
  return page;
}

export async function benchPair(
  senderContext: BrowserContext,
  receiverContext: BrowserContext,
  origin: string,
): Promise<BenchPair> {
  const sender = await preparePage(senderContext, origin);
  const receiver = await preparePage(receiverContext, origin);
  await sender.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.dc = w.pc.createDataChannel('bench', { ordered: true });
    w.dc.binaryType = 'arraybuffer';
  });
  await receiver.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.pc.ondatachannel = (e) => {
      w.dc = e.channel;
      w.dc.binaryType = 'arraybuffer';
    };
  });
  const offer = await sender.evaluate(async () => {
    const w = window as unknown as BenchWindow;
    await w.pc.setLocalDescription();
    return w.pc.localDescription!.toJSON();
  });
  const answer = await receiver.evaluate(async (o) => {
    const w = window as unknown as BenchWindow;
    await w.pc.setRemoteDescription(o);
    await w.pc.setLocalDescription();
    return w.pc.localDescription!.toJSON();
  }, offer);
  await sender.evaluate((a) => (window as unknown as BenchWindow).pc.setRemoteDescription(a), answer);
  await sender.waitForTimeout(500);
  for (const [from, to] of [
    [sender, receiver],
    [receiver, sender],
  ] as const) {
    const candidates = await from.evaluate(() => (window as unknown as BenchWindow).candidates);
    await to.evaluate(async (list) => {
      for (const c of list) await (window as unknown as BenchWindow).pc.addIceCandidate(c);
    }, candidates);
  }
  await receiver.waitForFunction(() => (window as unknown as BenchWindow).dc?.readyState === 'open');
  await sender.waitForFunction(() => (window as unknown as BenchWindow).dc?.readyState === 'open');
  return { sender, receiver };
}

/** Receives `total` bytes and only counts them; resolves at the last one (page time). */
function receiveCounting(total: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const w = window as unknown as BenchWindow;
    let received = 0;
    w.dc.onmessage = (e) => {
      received += (e.data as ArrayBuffer).byteLength;
      if (received >= total) resolve(performance.now());
    };
  });
}

/** Opens the receiver's file before the sender starts, so no message arrives before its handler. */
async function openRawFile(): Promise<void> {
  const w = window as unknown as BenchWindow & { rawFile: FileSystemWritableFileStream };
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle('raw-to-disk.bin', { create: true });
  w.rawFile = await handle.createWritable();
}

/**
 * Receives `total` bytes into the file `openRawFile` opened, through the File System Access writable
 * Nearcast's disk sink uses, in batches of Nearcast's size, one write after another; resolves once the
 * file is closed (page time). No hashing and no protocol: what writing alone costs.
 */
function receiveToDisk({ total, batchBytes }: { total: number; batchBytes: number }): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const w = window as unknown as BenchWindow & { rawFile: FileSystemWritableFileStream };
    const writable = w.rawFile;
    let received = 0;
    let parts: Uint8Array[] = [];
    let batched = 0;
    let queue = Promise.resolve();
    // No named inner functions: the page gets this function's source, without tsx's naming helper.
    w.dc.onmessage = (e) => {
      const chunk = new Uint8Array(e.data as ArrayBuffer);
      parts.push(chunk);
      batched += chunk.byteLength;
      received += chunk.byteLength;
      if (batched >= batchBytes || received >= total) {
        const joined = new Uint8Array(batched);
        let at = 0;
        for (const part of parts) {
          joined.set(part, at);
          at += part.byteLength;
        }
        parts = [];
        batched = 0;
        queue = queue.then(() => writable.write(joined));
      }
      if (received >= total) {
        queue
          .then(() => writable.close())
          .then(async () => {
            const closed = performance.now();
            await (await navigator.storage.getDirectory()).removeEntry('raw-to-disk.bin');
            resolve(closed);
          })
          .catch(reject);
      }
    };
  });
}

/**
 * Milliseconds for `bytes` sent as fast as the channel takes them, same chunk and buffer sizes as
 * Nearcast; with `toDisk`, until the receiver has written them to a file and closed it.
 */
export async function runRaw(
  { sender, receiver }: BenchPair,
  bytes: number,
  toDisk = false,
): Promise<number> {
  const sizes = { chunk: MAX_CHUNK, high: HIGH_WATER_BYTES, low: LOW_WATER_BYTES };
  if (toDisk) await receiver.evaluate(openRawFile);
  const done = toDisk
    ? receiver.evaluate(receiveToDisk, { total: bytes, batchBytes: WRITE_BATCH_BYTES })
    : receiver.evaluate(receiveCounting, bytes);
  const started = await sender.evaluate(
    async ({ total, sizes }) => {
      const w = window as unknown as BenchWindow;
      const size = Math.min(sizes.chunk, w.pc.sctp?.maxMessageSize ?? sizes.chunk);
      const chunk = new Uint8Array(size).map((_, i) => i & 0xff);
      w.dc.bufferedAmountLowThreshold = sizes.low;
      const start = performance.now();
      void (async () => {
        for (let sent = 0; sent < total;) {
          if (w.dc.bufferedAmount > sizes.high) {
            await new Promise((r) => w.dc.addEventListener('bufferedamountlow', r, { once: true }));
          }
          const size = Math.min(chunk.length, total - sent);
          w.dc.send(chunk.subarray(0, size));
          sent += size;
        }
      })();
      return start + performance.timeOrigin;
    },
    { total: bytes, sizes },
  );
  const finished = await done;
  const receiverOrigin = await receiver.evaluate(() => performance.timeOrigin);
  return finished + receiverOrigin - started;
}

/** Milliseconds for `bytes` in 64 KiB chunks, the sender waiting for an acknowledgement after every MiB. */
export async function runPairDrop({ sender, receiver }: BenchPair, bytes: number): Promise<number> {
  await receiver.evaluate((total) => {
    const w = window as unknown as BenchWindow;
    let received = 0;
    let sinceAck = 0;
    w.dc.onmessage = (e) => {
      const size = (e.data as ArrayBuffer).byteLength;
      received += size;
      sinceAck += size;
      if (sinceAck >= 1024 * 1024 || received >= total) {
        sinceAck = 0;
        w.dc.send('ack');
      }
    };
  }, bytes);
  return sender.evaluate(async (total) => {
    const w = window as unknown as BenchWindow;
    const chunk = new Uint8Array(64 * 1024).map((_, i) => i & 0xff);
    let acks = 0;
    let waiting: (() => void) | null = null;
    w.dc.onmessage = () => {
      acks += 1;
      waiting?.();
    };
    const start = performance.now();
    let sent = 0;
    let expectedAcks = 0;
    while (sent < total) {
      let partition = 0;
      while (partition < 1024 * 1024 && sent < total) {
        const size = Math.min(chunk.length, total - sent);
        w.dc.send(chunk.subarray(0, size));
        sent += size;
        partition += size;
      }
      expectedAcks += 1;
      while (acks < expectedAcks) await new Promise<void>((r) => (waiting = r));
    }
    return performance.now() - start;
  }, bytes);
}
