import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, serverCommand } from '../support/server-process';

/**
 * A cold start on a loaded machine takes a few seconds; the limit only ends the wait for a server that
 * will not start, so it is generous.
 */
const START_MS = 30_000;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the match once stdout contains `pattern`. */
  waitForStdout: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

const running: ChildProcess[] = [];
const blockers: Server[] = [];
let tempDir: string;

beforeEach(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'nearcast-cli-'));
});

afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(blockers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(tempDir, { recursive: true, force: true });
});

function runCli(args: string[]): Run {
  const [program, ...programArgs] = serverCommand(args);
  const child = spawn(program, programArgs, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close', not 'exit': by then stdout and stderr have been read to their end.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitForStdout = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${pattern} on stdout; stderr: ${stderr}`)),
        START_MS,
      );
      const check = () => {
        const match = stdout.match(pattern);
        if (!match) return;
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match);
      };
      child.stdout?.on('data', check);
      check();
      void exited.then(() => setTimeout(() => reject(new Error(`exited early; stderr: ${stderr}`)), 0));
    });
  return { child, stdout: () => stdout, stderr: () => stderr, exited, waitForStdout };
}

async function writeWebClient(): Promise<string> {
  await writeFile(join(tempDir, 'index.html'), '<!doctype html><title>Nearcast</title>');
  return tempDir;
}

describe('server CLI', () => {
  it('--help prints usage and exits 0', async () => {
    const run = runCli(['--help']);

    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: /);
    expect(run.stdout()).toContain('--port <number>');
    expect(run.stderr()).toBe('');
  });

  it('an unknown flag exits 2 with one clear line and a usage hint', async () => {
    const run = runCli(['--bogus']);

    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe(
      'nearcast-server: Unknown option --bogus.\nRun with --help to see the options.\n',
    );
    expect(run.stdout()).toBe('');
  });

  it('a port already in use exits 1 and says how to fix it', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );

    const run = runCli(['--host', '127.0.0.1', '--port', String(port), '--static', await writeWebClient()]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`Port ${port} is already in use. Choose another with --port.\n`);
    expect(run.stdout()).toBe('');
  });

  it('an --updates folder that does not exist exits 1 and names it', async () => {
    const missing = join(tempDir, 'no-release');
    const run = runCli(['--port', '0', '--host', '127.0.0.1', '--updates', missing]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`the updates folder ${missing} does not exist`);
  });

  it('starts, prints its URL, serves the web client, and stops cleanly on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--host', '127.0.0.1', '--static', await writeWebClient()]);

    const [, url] = await run.waitForStdout(/Nearcast server listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/);
    const page = await fetch(url ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Nearcast</title>');

    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Nearcast server stopped.');
    expect(run.stderr()).not.toContain('Warning');
  });

  it('runs the forwarding unit: prints its code, shows its figures at /metrics, stops it on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--host', '127.0.0.1', '--static', await writeWebClient()]);

    const [, url] = await run.waitForStdout(/listening on (http:\/\/\S+)\n/);
    await run.waitForStdout(/\n {2}Forwarding unit code: \d\d \d\d \d\d\n/);
    const metrics = await (await fetch(new URL('/metrics', url))).text();
    expect(metrics).toMatch(/^nearcast_unit_rooms 0$/m);
    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    expect(run.stderr()).not.toContain('Warning');
  });

  it('--no-forwarding runs no unit and says rooms are a mesh', async () => {
    const run = runCli([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--static',
      await writeWebClient(),
      '--no-forwarding',
    ]);

    const [, url] = await run.waitForStdout(/listening on (http:\/\/\S+)\n/);
    await run.waitForStdout(
      /Forwarding unit off \(--no-forwarding\): rooms are a mesh of at most 8 people\.\n/,
    );
    expect(await (await fetch(new URL('/metrics', url))).text()).not.toContain('nearcast_unit_');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('warns once when the web client is not built, still signals, and stops on SIGINT', async () => {
    const run = runCli(['--port', '0', '--host', '127.0.0.1', '--static', tempDir, '--log-level', 'silent']);

    const [, url] = await run.waitForStdout(/listening on (http:\/\/\S+)\n/);
    const page = await fetch(url ?? '');
    expect(page.status).toBe(503);
    run.child.kill('SIGINT');

    expect(await run.exited).toBe(0);
    expect(run.stderr().match(/web client is not built/g)).toHaveLength(1);
    expect(run.stderr()).toContain('Run: npm run build:web');
  });
});
