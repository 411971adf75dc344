import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, serverCommand } from '../support/server-process';
import { CERT_FILE, KEY_FILE, loadOrCreateSelfSigned } from '../../server/src/cli/tls';

/**
 * Each test starts the built CLI; with the rest of the suite loading both cores that can take many
 * seconds, so the limits are generous (they cost nothing when the process starts fast).
 */
const START_MS = 30_000;
vi.setConfig({ testTimeout: 60_000 });
const running: ChildProcess[] = [];
let tempDir: string;

beforeEach(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'nearcast-tls-'));
  // A web client of its own, so what the CLI prints never depends on whether out/renderer is built.
  await mkdir(join(tempDir, 'web'));
  await writeFile(join(tempDir, 'web', 'index.html'), '<!doctype html><title>Nearcast</title>');
});

afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(tempDir, { recursive: true, force: true });
});

function runCli(args: string[]) {
  const [program, ...programArgs] = serverCommand([
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--log-level',
    'silent',
    '--static',
    join(tempDir, 'web'),
    ...args,
  ]);
  const child = spawn(program, programArgs, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close', not 'exit': by then stdout and stderr have been read to their end.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitForStdout = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + START_MS;
    while (Date.now() < deadline) {
      const match = stdout.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${pattern} on stdout: ${stdout}\nstderr: ${stderr}`);
  };
  return { child, exited, waitForStdout, stdout: () => stdout, stderr: () => stderr };
}

/** GET over HTTPS trusting exactly `ca`, so the test also proves the served certificate is that one. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET over plain HTTP, keeping the headers (a redirect's Location). */
function httpGet(url: string): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--tls', () => {
  it('generates a certificate once, prints its fingerprint, and serves HTTPS and WSS with it', async () => {
    const dataDir = join(tempDir, 'data');
    const run = runCli(['--tls', '--data-dir', dataDir]);

    const [, url] = await run.waitForStdout(/listening on (https:\/\/127\.0\.0\.1:\d+\/)\n/);
    const [, fingerprint] = await run.waitForStdout(/fingerprint: ([0-9A-F:]{95})\n/);
    const cert = await readFile(join(dataDir, CERT_FILE), 'utf8');
    expect(new X509Certificate(cert).fingerprint256).toBe(fingerprint);
    expect((await stat(join(dataDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(await httpsGet(new URL('/healthz', url).href, cert)).toEqual({ status: 200, body: 'ok' });

    const socket = connectSocket(url ?? '', {
      transports: ['websocket'],
      ca: cert,
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.disconnect();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const again = runCli(['--tls', '--data-dir', dataDir]);
    const [, sameFingerprint] = await again.waitForStdout(/fingerprint: ([0-9A-F:]{95})\n/);
    expect(sameFingerprint).toBe(fingerprint);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(again.stdout()).not.toContain('new self-signed certificate');
  });

  it('answers plain http:// on the same port with a redirect to https://', async () => {
    const run = runCli(['--tls', '--data-dir', join(tempDir, 'data')]);
    const [, port] = await run.waitForStdout(/listening on https:\/\/127\.0\.0\.1:(\d+)\/\n/);
    await run.waitForStdout(/Plain http:\/\/ on the same port is redirected to https:\/\/\.\n/);

    const plain = await httpGet(`http://127.0.0.1:${port}/?room=standup`);

    expect(plain.status).toBe(307);
    expect(plain.headers.location).toBe(`https://127.0.0.1:${port}/?room=standup`);
  });

  it('with --plain-http serves both: the web client over http and https, /tls.json naming the certificate', async () => {
    const dataDir = join(tempDir, 'data');
    const run = runCli(['--tls', '--plain-http', '--data-dir', dataDir]);
    const [, port] = await run.waitForStdout(/listening on https:\/\/127\.0\.0\.1:(\d+)\/\n/);
    const [, fingerprint] = await run.waitForStdout(/fingerprint: ([0-9A-F:]{95})\n/);
    await run.waitForStdout(/Plain http:\/\/ on the same port: view-only guests/);
    const cert = await readFile(join(dataDir, CERT_FILE), 'utf8');

    const plain = await httpGet(`http://127.0.0.1:${port}/`);
    const secure = await httpsGet(`https://127.0.0.1:${port}/`, cert);
    expect([plain.status, secure.status]).toEqual([200, 200]);
    expect(plain.body).toContain('<title>Nearcast</title>');
    expect(secure.body).toBe(plain.body);
    for (const info of [
      await httpGet(`http://127.0.0.1:${port}/tls.json`),
      await httpsGet(`https://127.0.0.1:${port}/tls.json`, cert),
    ]) {
      expect(JSON.parse(info.body)).toEqual({ fingerprint256: fingerprint });
    }

    // Both kinds of guest reach the same signaling server on the one port.
    for (const url of [`http://127.0.0.1:${port}`, `https://127.0.0.1:${port}`]) {
      const socket = connectSocket(url, {
        transports: ['websocket'],
        ca: cert,
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.disconnect();
    }
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('replaces a kept certificate that is no longer valid, and says the fingerprint changed', async () => {
    const dataDir = join(tempDir, 'data');
    const old = await loadOrCreateSelfSigned(dataDir, []);
    await writeFile(join(dataDir, CERT_FILE), 'not a certificate');

    const run = runCli(['--tls', '--data-dir', dataDir]);
    const [, fingerprint] = await run.waitForStdout(/fingerprint: ([0-9A-F:]{95})\n/);
    await run.waitForStdout(
      /NEW certificate: .* replaced because .*not valid PEM\.\n.*must compare this one/,
    );

    expect(fingerprint).not.toBe(old.fingerprint256);
    expect(new X509Certificate(await readFile(join(dataDir, CERT_FILE), 'utf8')).fingerprint256).toBe(
      fingerprint,
    );
  });

  it('an unreadable certificate exits 1 naming the file', async () => {
    const missing = join(tempDir, 'nope.pem');
    const run = runCli(['--cert', missing, '--key', missing]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      `Could not start the server: Could not read the certificate file ${missing} (ENOENT).\n`,
    );
  });

  it('a key that does not match its certificate exits 1 and says so', async () => {
    const one = await loadOrCreateSelfSigned(join(tempDir, 'one'), []);
    const two = await loadOrCreateSelfSigned(join(tempDir, 'two'), []);
    await writeFile(join(tempDir, 'cert.pem'), one.cert);
    await writeFile(join(tempDir, 'key.pem'), two.key);
    const run = runCli(['--cert', join(tempDir, 'cert.pem'), '--key', join(tempDir, 'key.pem')]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('the private key does not match the certificate');
  });
});

describe('SIGTERM', () => {
  it('tells connected clients server:shutdown, then exits 0', async () => {
    const run = runCli(['--access-code', 'orange-42']);
    const [, url] = await run.waitForStdout(/listening on (http:\/\/\S+\/)\n/);
    await run.waitForStdout(/Clients need the workspace access code\.\n/);
    const socket = connectSocket(url ?? '', {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { accessCode: 'orange-42' },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const told = new Promise((resolve) => socket.once('server:shutdown', resolve));

    run.child.kill('SIGTERM');

    await expect(told).resolves.toEqual({ reason: 'shutdown' });
    expect(await run.exited).toBe(0);
    socket.disconnect();
  });
});

describe('--redis', () => {
  it('an unreachable Redis exits 1 with a clear line instead of running alone', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    await new Promise((resolve) => blocker.close(resolve));
    const run = runCli(['--redis', `redis://127.0.0.1:${port}`]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(
      `Could not start the server: Could not connect to Redis at redis://127.0.0.1:${port}`,
    );
  });
});
