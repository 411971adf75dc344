/**
 * TURN REST credentials issued by our server are accepted by Debian's coturn (`use-auth-secret`):
 * two RTCPeerConnections in one Chromium page, allowed to use relay candidates only, connect through
 * a turnserver on 127.0.0.1, and both ends' selected candidate pair is a relay pair.
 * Runs inside the loopback-only namespace (`npm run test:e2e`); starts and stops turnserver itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../common/result';
import type { IceServers } from '../../common/signaling/signal';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/server-process';
import { freePort } from '../support/ports';

const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
const SECRET = `e2e-${Math.random().toString(36).slice(2)}`;

let turn: ChildProcess | null = null;
let turnLog = '';
let server: ChildProcess | null = null;
let browser: Browser | null = null;
let client: Socket | null = null;
let turnPort = 0;
let tempDir = '';

async function startTurnserver(): Promise<void> {
  if (!existsSync(TURNSERVER)) {
    throw new Error(`turnserver not found at ${TURNSERVER}. Install coturn: apt-get install -y coturn`);
  }
  turnPort = await freePort();
  tempDir = await mkdtemp(join(tmpdir(), 'nearcast-turn-'));
  const relayBase = 50_000 + Math.floor(Math.random() * 10_000);
  turn = spawn(
    TURNSERVER,
    [
      '-n', // no configuration file
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${turnPort}`,
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 100}`,
      '--use-auth-secret',
      `--static-auth-secret=${SECRET}`,
      '--realm=nearcast',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--no-rfc5780',
      '--no-stun-backward-compatibility',
      // Both peers' relay addresses are on 127.0.0.1, which coturn refuses as a peer by default.
      '--allow-loopback-peers',
      // Its own database file, so the test never touches /var/lib/turn.
      `--userdb=${join(tempDir, 'turndb')}`,
      '--log-file=stdout',
      '--simple-log',
      '--no-software-attribute',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  turn.stdout?.setEncoding('utf8').on('data', (chunk: string) => (turnLog += chunk));
  turn.stderr?.setEncoding('utf8').on('data', (chunk: string) => (turnLog += chunk));
  const deadline = Date.now() + 10_000;
  while (!/Total (General|UDP) servers|listener opened on/i.test(turnLog)) {
    if (turn.exitCode !== null) throw new Error(`turnserver exited with ${turn.exitCode}:\n${turnLog}`);
    if (Date.now() > deadline) throw new Error(`turnserver did not start:\n${turnLog}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The standalone server as deployed, configured for TURN by flags and the secret by environment. */
async function startSignalingServer(): Promise<string> {
  const turnUrl = `turn:127.0.0.1:${turnPort}?transport=udp`;
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'server/src/cli.ts', '--host', '127.0.0.1', '--port', '0'],
      ...['--log-level', 'silent', '--turn-url', turnUrl, '--turn-ttl', '600'],
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEARCAST_TURN_SECRET: SECRET },
    },
  );
  server = child;
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /listening on (http:\/\/\S+\/)/.exec(stdout);
    if (match?.[1]) return match[1];
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  await startTurnserver();
  const url = await startSignalingServer();
  client = connectSocket(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  browser = await launchChromium();
});

afterAll(async () => {
  client?.disconnect();
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (turn && turn.exitCode === null) {
    const exited = new Promise((resolve) => turn?.once('exit', resolve));
    turn.kill('SIGTERM');
    await exited;
  }
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('TURN relay with issued credentials', () => {
  it('two relay-only peer connections connect through coturn and select relay pairs', async () => {
    if (!client || !browser) throw new Error('setup failed');
    const result = (await client.timeout(5_000).emitWithAck('config:ice-servers')) as Result<IceServers>;
    if (!result.ok) throw new Error(`config:ice-servers refused: ${result.error.code}`);
    expect(result.data.iceServers).toHaveLength(1);

    const page = await browser.newPage();
    const outcome = await page.evaluate(async (iceServers) => {
      const config: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' };
      const a = new RTCPeerConnection(config);
      const b = new RTCPeerConnection(config);
      a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
      b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
      const channel = a.createDataChannel('probe');
      const received = new Promise<string>((resolve) => {
        b.ondatachannel = (e) => (e.channel.onmessage = (m) => resolve(String(m.data)));
      });
      const opened = new Promise<void>((resolve) => (channel.onopen = () => resolve()));
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription as RTCSessionDescriptionInit);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription as RTCSessionDescriptionInit);
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no connection: ${a.iceConnectionState}/${b.iceConnectionState}`)),
          20_000,
        ),
      );
      await Promise.race([opened, timeout]);
      channel.send('through the relay');
      const message = await Promise.race([received, timeout]);

      async function selectedTypes(pc: RTCPeerConnection): Promise<string[]> {
        const stats = await pc.getStats();
        let pairId: string | undefined;
        stats.forEach((s: { type: string; selectedCandidatePairId?: string }) => {
          if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
        });
        const pair = pairId
          ? (stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string })
          : null;
        if (!pair) return [];
        const local = stats.get(pair.localCandidateId) as { candidateType: string };
        const remote = stats.get(pair.remoteCandidateId) as { candidateType: string };
        return [local.candidateType, remote.candidateType];
      }
      const types = { a: await selectedTypes(a), b: await selectedTypes(b), message };
      a.close();
      b.close();
      return types;
    }, result.data.iceServers);

    expect(outcome).toEqual({ a: ['relay', 'relay'], b: ['relay', 'relay'], message: 'through the relay' });
  });

  it('coturn refuses credentials signed with another secret (so the first test proves ours are valid)', async () => {
    if (!browser) throw new Error('setup failed');
    const page = await browser.newPage();
    const state = await page.evaluate(async (port) => {
      const pc = new RTCPeerConnection({
        iceServers: [
          {
            urls: [`turn:127.0.0.1:${port}?transport=udp`],
            username: '9999999999:x',
            credential: 'd3Jvbmc=',
          },
        ],
        iceTransportPolicy: 'relay',
      });
      pc.createDataChannel('probe');
      const candidates: string[] = [];
      pc.onicecandidate = (e) => void (e.candidate && candidates.push(e.candidate.type ?? ''));
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
        setTimeout(resolve, 8_000);
      });
      pc.close();
      return candidates;
    }, turnPort);

    expect(state).toEqual([]);
  });
});
