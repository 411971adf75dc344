/**
 * `npm run bench:join-trust` — what signed hellos add to joining a room: the standalone server and
 * Chromium pages of the real web client on loopback, inside a private network namespace.
 *   - Join latency: Ada waits in a room; Bob joins it --joins times (a fresh load of his tab each time,
 *     then a click on "Join"). Per join, from the click to both ends having settled the link's
 *     identity (the room store's trust for the link leaves `pending`). Keyed: both pages have device
 *     keys (each signs its hello over the link and checks the other's). Guest: both pages without
 *     WebCrypto (no key, unsigned hellos, nothing to check). Keyed and guest joins alternate, so load
 *     drifts hit both alike. Prints median and p90 of each and the differences.
 *     Per end also the hello exchange inside each join: control channel open → our hello sent (key
 *     loaded and hello signed, when keyed), and the peer's hello received → settled (its proof checked,
 *     when keyed); the added latency is the keyed minus guest medians of both, one after the other on
 *     the critical path.
 *   - Sign and check alone: the app's proveHello and checkHello in a page, --iterations times.
 * Options: --joins N (default 20), --iterations N (default 200).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startServerProcess } from '../test/support/server-process';
import { NAME_SHIM } from './media-page';
import {
  helloBundle,
  stampHellos,
  timeSignAndCheck,
  watchSettled,
  withoutWebCrypto,
  type HelloStamps,
  type Settled,
} from './join-trust-page';

const { values } = parseArgs({
  options: {
    joins: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '200' },
  },
});
const JOINS = Number(values.joins);
const ITERATIONS = Number(values.iterations);
/** Joins before the measured ones, per mode: the first loads of a profile warm caches and JIT. */
const WARM_UP = 2;

type Mode = 'keyed' | 'guest';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A tab on the home page of the web client, with the settle probe watching its room store. */
async function home(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}?name=${encodeURIComponent(name)}`);
  await page.locator('#room-name').waitFor({ timeout: 20_000 });
  await page.evaluate(watchSettled);
}

/** Clicks "Join" for `room`; the click's time on the pages' common clock. */
async function clickJoin(page: Page, room: string): Promise<number> {
  await page.locator('#room-name').fill(room);
  return page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('#room-form button[type="submit"]');
    if (!button) throw new Error('no Join button');
    const clicked = performance.timeOrigin + performance.now();
    button.click();
    return clicked;
  });
}

const settledOn = (page: Page) =>
  page.evaluate(() => (window as unknown as { joinTrustSettled: Settled[] }).joinTrustSettled);

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Room {
  mode: Mode;
  name: string;
  ada: Page;
  bob: Page;
}

async function openRoom(browser: Browser, baseUrl: string, mode: Mode): Promise<Room> {
  const tab = async () => {
    const context = await browser.newContext();
    await context.addInitScript({ content: NAME_SHIM });
    await context.addInitScript(stampHellos);
    if (mode === 'guest') await context.addInitScript(withoutWebCrypto);
    return context.newPage();
  };
  const room: Room = { mode, name: `join-${mode}`, ada: await tab(), bob: await tab() };
  await home(room.ada, baseUrl, 'Ada');
  await clickJoin(room.ada, room.name);
  await room.ada.getByRole('heading', { name: room.name }).waitFor({ timeout: 20_000 });
  return room;
}

const stampsOn = (page: Page) =>
  page.evaluate(() => (window as unknown as { joinTrustStamps: HelloStamps }).joinTrustStamps);

/** One join, measured. `sign`: per end, its control channel open → its hello sent (signing, when keyed).
 * `check`: per end, the peer's hello received → the link settled (checking, when keyed). */
interface Join {
  latency: number;
  sign: number[];
  check: number[];
}

/** The first stamp after `since`. */
const after = (stamps: number[], since: number) => stamps.find((at) => at >= since) ?? NaN;

/** One join of Bob's: from his click to both ends settled; throws when a link settles otherwise than expected. */
async function join(room: Room, baseUrl: string): Promise<Join> {
  const before = (await settledOn(room.ada)).length;
  await home(room.bob, baseUrl, 'Bob');
  const clicked = await clickJoin(room.bob, room.name);
  const atBob = await until(async () => (await settledOn(room.bob))[0], "Bob's link settling");
  const atAda = await until(async () => (await settledOn(room.ada))[before], "Ada's link settling");
  for (const end of [atBob, atAda]) {
    if (end.kind !== room.mode) throw new Error(`a ${room.mode} join settled as ${end.kind}`);
  }
  const ends = [
    { stamps: await stampsOn(room.ada), settled: atAda.at },
    { stamps: await stampsOn(room.bob), settled: atBob.at },
  ];
  return {
    latency: Math.max(atBob.at, atAda.at) - clicked,
    sign: ends.map(({ stamps }) => after(stamps.helloSent, clicked) - after(stamps.open, clicked)),
    check: ends.map(({ stamps, settled }) => settled - after(stamps.helloReceived, clicked)),
  };
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const browser = await launchChromium();
  try {
    const rooms = {
      keyed: await openRoom(browser, server.url, 'keyed'),
      guest: await openRoom(browser, server.url, 'guest'),
    };
    const joins: Record<Mode, Join[]> = { keyed: [], guest: [] };
    for (let i = 0; i < WARM_UP + JOINS; i++) {
      for (const mode of ['keyed', 'guest'] as const) {
        const measured = await join(rooms[mode], server.url);
        if (i >= WARM_UP) joins[mode].push(measured);
      }
    }
    const latencies = { keyed: joins.keyed.map((j) => j.latency), guest: joins.guest.map((j) => j.latency) };
    const per = (mode: Mode, part: 'sign' | 'check') => joins[mode].flatMap((j) => j[part]);

    const context = await browser.newContext({ bypassCSP: true });
    await context.addInitScript({ content: NAME_SHIM });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.addScriptTag({ content: await helloBundle() });
    const micro = await page.evaluate(timeSignAndCheck, ITERATIONS);
    if (!micro.valid) throw new Error('a hello signed in the page did not check');

    console.log(
      `join-trust: ${JOINS} joins per mode (after ${WARM_UP} warm-up), ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const row = (label: string, values: number[]) =>
      console.log(
        `${label.padEnd(40)}${ms(percentile(values, 50)).padStart(10)}${ms(percentile(values, 90)).padStart(10)}`,
      );
    console.log(`${''.padEnd(40)}${'median'.padStart(10)}${'p90'.padStart(10)}`);
    row('join, keyed (click → both settled)', latencies.keyed);
    row('join, guest (click → both settled)', latencies.guest);
    const difference = (p: number) => percentile(latencies.keyed, p) - percentile(latencies.guest, p);
    const line = (label: string, value: (p: number) => number) =>
      console.log(`${label.padEnd(40)}${ms(value(50)).padStart(10)}${ms(value(90)).padStart(10)}`);
    line('difference, keyed − guest', difference);
    for (const mode of ['keyed', 'guest'] as const) {
      row(`in joins, ${mode}: open → our hello sent`, per(mode, 'sign'));
      row(`in joins, ${mode}: hello in → settled`, per(mode, 'check'));
    }
    // On the critical path each end waits for the peer's signing, then for its own check.
    const added = (p: number) =>
      percentile(per('keyed', 'sign'), p) -
      percentile(per('guest', 'sign'), p) +
      (percentile(per('keyed', 'check'), p) - percentile(per('guest', 'check'), p));
    line('added by signing and checking', added);
    row(`sign one hello (${ITERATIONS}×, WebCrypto)`, micro.sign);
    row(`check one hello (${ITERATIONS}×, @noble/curves)`, micro.check);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
