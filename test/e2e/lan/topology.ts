/**
 * A LAN for browser tests: one network namespace per machine, each with a single interface plugged
 * into a bridge that lives in a namespace of its own (the switch), private addresses on 10.79.0.0/24,
 * nothing beyond the switch. The server runs on one machine and each person's Chromium on another, so
 * everything between them crosses the bridge, as between computers on a real LAN: a page that opens
 * the server by its LAN address over http is no secure context, and WebRTC has no loopback path.
 *
 * Chromium runs inside a machine through a generated wrapper (`ip netns exec <ns> chromium "$@"`):
 * playwright talks to it over a pipe, which does not care about namespaces. Needs root and iproute2,
 * as `npm run test:e2e` has. Names carry this process's id and a random tag, so two test files running
 * at once never share a namespace; `dispose` deletes them all, and so does this process's exit.
 *
 * The test process itself may join as one more computer (`attachThisProcess`, 10.79.0.200): the
 * desktop harness runs the app's main process here, so its hosting listener must be on the LAN too.
 * Its cable goes into the namespace `npm run test:e2e` made for the run, and only when that one has
 * nothing but loopback; `dispose` pulls it out.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, type X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { assertLoopbackOnly, CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium';
import { startServerProcess, type ServerProcess } from '../../support/server-process';

/** One computer on the test LAN. */
export interface Machine {
  name: string;
  namespace: string;
  /** Its address on the LAN (10.79.0.x). */
  address: string;
  /** A Chromium executable that runs on this machine (a wrapper script). */
  chromium: string;
}

/**
 * The test process itself as a computer on the LAN: the desktop harness runs the app's main process
 * (and so its embedded server) in this process, whose namespace holds only loopback until this.
 */
export interface ThisProcessOnLan {
  /** Its address on the LAN: {@link THIS_PROCESS_ADDRESS}. */
  address: string;
  /** The interface plugged into the switch, beside loopback the only one this namespace has. */
  interfaceName: string;
}

/** The standalone server on one machine of the LAN. */
export interface LanServer {
  /** How another machine opens it: its LAN address over plain http, e.g. `http://10.79.0.1:4780/`. */
  lanUrl: string;
  /** How a page on the server's own machine opens it (a secure context, as the desktop app's user). */
  localUrl: string;
  process: ServerProcess;
}

export interface BrowserOptions {
  /**
   * Origins this browser treats as secure although they are plain http on the LAN: the stand-in for a
   * guest that reached the server over https (the certificate tests cover https itself).
   */
  secureOrigins?: string[];
  /**
   * Self-signed certificates this browser accepts, each by the base64 SHA-256 of its public key (see
   * {@link spkiHash}): a person's "continue" after comparing the fingerprint; no other certificate.
   */
  acceptCertificates?: string[];
}

export interface Lan {
  machine(name: string): Machine;
  /** Starts out/server/cli.js on `machine`, listening on every interface there. */
  startServer(machine: string, args?: string[]): Promise<LanServer>;
  /**
   * Plugs the test process's own namespace (the loopback-only one `scripts/run-in-netns.mjs` made)
   * into the switch, so what listens here is reachable from the machines, as the desktop app's
   * hosting is from the LAN. Once per LAN; `dispose` unplugs it.
   */
  attachThisProcess(): ThisProcessOnLan;
  /** Launches Chromium on `machine`, with fake camera, microphone and screen. */
  launchBrowser(machine: string, options?: BrowserOptions): Promise<Browser>;
  /** Stops what it started and deletes every namespace; safe to call twice, or after a failed start. */
  dispose(): Promise<void>;
}

const SUBNET = '10.79.0';

/** The test process's address on the LAN: far above the machines' 10.79.0.1, .2, … */
export const THIS_PROCESS_ADDRESS = `${SUBNET}.200`;
/**
 * Named like the machines' interface, not `veth…`: the app leaves virtual-looking interfaces out of
 * its join URLs (electron/main/hosting/lan-addresses.ts), as it should on a real computer.
 */
const THIS_PROCESS_INTERFACE = 'lan0';

/**
 * The shared browser-test switches, minus `--allow-loopback-in-peer-connection`: on a LAN, media must
 * flow between the machines' own addresses.
 */
export const LAN_CHROMIUM_ARGS = CHROMIUM_ARGS.filter((arg) => arg !== '--allow-loopback-in-peer-connection');

/** The SHA-256 of a certificate's public key, base64: what Chromium's SPKI allowlist takes. */
export function spkiHash(certificate: X509Certificate): string {
  return createHash('sha256')
    .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `ip ${args.join(' ')} failed (needs root and iproute2): ${result.stderr || result.error}`,
    );
  }
}

/** Builds the LAN: `machines[0]` gets 10.79.0.1, the next 10.79.0.2, and so on. */
export function createLan(machines: string[]): Lan {
  assertLoopbackOnly();
  const tag = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const switchNs = `nc-lan-${tag}-switch`;
  const dir = mkdtempSync(join(tmpdir(), 'nearcast-lan-'));
  const byName = new Map<string, Machine>();
  const servers: ServerProcess[] = [];
  const browsers: Browser[] = [];
  const namespaces: string[] = [];
  let disposed = false;
  let attached: ThisProcessOnLan | null = null;

  const deleteNamespaces = (): void => {
    // Deleting the switch's namespace would take this end with it; said here so no run leaves it.
    if (attached) spawnSync('ip', ['link', 'del', attached.interfaceName]);
    attached = null;
    for (const ns of namespaces.splice(0)) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  };
  // afterAll does this; the exit hook covers a run that dies before getting there.
  process.once('exit', deleteNamespaces);

  const addNamespace = (ns: string): void => {
    ip('netns', 'add', ns);
    namespaces.push(ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  };

  try {
    addNamespace(switchNs);
    ip('-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', switchNs, 'link', 'set', 'br0', 'up');
    machines.forEach((name, index) => {
      const namespace = `nc-lan-${tag}-${name}`;
      const address = `${SUBNET}.${index + 1}`;
      const port = `port${index + 1}`;
      addNamespace(namespace);
      ip('link', 'add', 'lan0', 'netns', namespace, 'type', 'veth', 'peer', 'name', port, 'netns', switchNs);
      ip('-n', switchNs, 'link', 'set', port, 'master', 'br0', 'up');
      ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'lan0');
      ip('-n', namespace, 'link', 'set', 'lan0', 'up', 'multicast', 'on');
      // A default route, as a LAN's router hands out: Chromium gives a page that may not capture (an
      // http guest) ICE candidates only on the default route's interface, so without one two http
      // guests never connect to each other. It also carries mDNS multicast. It leads only to the
      // switch, which leads nowhere else, so nothing leaves the LAN.
      ip('-n', namespace, 'route', 'add', 'default', 'dev', 'lan0');
      const chromiumPath = join(dir, `chromium-${name}`);
      writeFileSync(chromiumPath, `#!/bin/sh\nexec ip netns exec ${namespace} ${CHROMIUM_PATH} "$@"\n`);
      chmodSync(chromiumPath, 0o755);
      byName.set(name, { name, namespace, address, chromium: chromiumPath });
    });
  } catch (error) {
    deleteNamespaces();
    throw error;
  }

  const machine = (name: string): Machine => {
    const found = byName.get(name);
    if (!found) throw new Error(`No machine "${name}" on this LAN (have: ${[...byName.keys()].join(', ')})`);
    return found;
  };

  return {
    machine,
    async startServer(name, args = []) {
      const { namespace, address } = machine(name);
      const started = await startServerProcess(['--host', '0.0.0.0', ...args], {
        prefix: ['ip', 'netns', 'exec', namespace],
      });
      servers.push(started);
      const { port, protocol } = new URL(started.url);
      return {
        lanUrl: `${protocol}//${address}:${port}/`,
        localUrl: `${protocol}//127.0.0.1:${port}/`,
        process: started,
      };
    },
    attachThisProcess() {
      if (attached) throw new Error('This process is on the LAN already.');
      if (disposed) throw new Error('This LAN is gone.');
      // Only a namespace with nothing but loopback gets the cable: never a real network's.
      assertLoopbackOnly();
      const name = THIS_PROCESS_INTERFACE;
      const port = 'port-test';
      // No namespace argument for `name`: it is created where `ip` runs, which is this process's.
      ip('link', 'add', name, 'type', 'veth', 'peer', 'name', port, 'netns', switchNs);
      attached = { address: THIS_PROCESS_ADDRESS, interfaceName: name };
      ip('-n', switchNs, 'link', 'set', port, 'master', 'br0', 'up');
      ip('addr', 'add', `${THIS_PROCESS_ADDRESS}/24`, 'dev', name);
      ip('link', 'set', name, 'up');
      // The default route a LAN's router hands out, as the machines have (see above): without it the
      // app's window gathers no host candidate on the LAN. It leads only to the switch.
      ip('route', 'add', 'default', 'dev', name);
      return attached;
    },
    async launchBrowser(name, { secureOrigins = [], acceptCertificates = [] } = {}) {
      const args = [...LAN_CHROMIUM_ARGS];
      if (acceptCertificates.length > 0) {
        args.push(`--ignore-certificate-errors-spki-list=${acceptCertificates.join(',')}`);
      }
      if (secureOrigins.length > 0) {
        const origins = secureOrigins.map((origin) => new URL(origin).origin).join(',');
        args.push(`--unsafely-treat-insecure-origin-as-secure=${origins}`);
      }
      const browser = await chromium.launch({ executablePath: machine(name).chromium, args });
      browsers.push(browser);
      return browser;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.allSettled(browsers.map((browser) => browser.close()));
      await Promise.allSettled(servers.map((server) => server.stop()));
      process.removeListener('exit', deleteNamespaces);
      deleteNamespaces();
    },
  };
}
