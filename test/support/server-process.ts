/**
 * Starts the standalone signaling server exactly as `npm run server` does (the built CLI,
 * out/server/cli.js, under plain node), on a free loopback port, serving the built web client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const WEB_CLIENT_DIR = resolve(REPO_ROOT, 'out/renderer');
/** Written by `npm run build:server`; the unit and e2e test projects build it first (globalSetup). */
export const SERVER_CLI = resolve(REPO_ROOT, 'out/server/cli.js');

/**
 * The command line that runs the built CLI (`cli`, out/server/cli.js unless a copy is given) with
 * `args`, under node with `nodeOptions`; throws a clear error when it is not built.
 */
export function serverCommand(
  args: string[],
  { cli = SERVER_CLI, nodeOptions = [] }: { cli?: string; nodeOptions?: string[] } = {},
): [string, ...string[]] {
  if (!existsSync(cli)) throw new Error('The server is not built: run `npm run build:server` first.');
  return [process.execPath, ...nodeOptions, cli, ...args];
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  /**
   * false for signaling-only tests (several processes, crashes): the CLI then warns that the web client
   * is missing and still signals, so they need no build.
   */
  webClient?: boolean;
  /**
   * Runs the server through another command, e.g. `['ip', 'netns', 'exec', name]` to start it inside a
   * network namespace (the transfer benchmark's two-host arrangement).
   */
  prefix?: string[];
  /** Options for node itself, before the script (`--expose-gc`, `--import`). */
  nodeOptions?: string[];
  /** An IPC channel to the server process (`child.send`), for a module preloaded with `nodeOptions`. */
  ipc?: boolean;
  /** Another copy of the built CLI, run from its own folder. */
  cli?: string;
  cwd?: string;
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export async function startServerProcess(
  extraArgs: string[] = [],
  {
    webClient = true,
    prefix = [],
    nodeOptions = [],
    ipc = false,
    cli,
    cwd = REPO_ROOT,
    env,
  }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  if (webClient && !cli && !existsSync(resolve(WEB_CLIENT_DIR, 'index.html'))) {
    throw new Error('The web client is not built: run `npm run build:web` first.');
  }
  const command = serverCommand(['--host', '127.0.0.1', '--port', '0', ...extraArgs], { cli, nodeOptions });
  const [program, ...args] = [...prefix, ...command];
  const child = spawn(program!, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    // Only ends the wait for a server that will not start: generous, for a loaded machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (https?:\/\/[^\s/]+\/)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((done) => {
        // A process killed by a signal has a signalCode and no exitCode: it is gone as well.
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once('exit', (code) => done(code));
        child.kill('SIGTERM');
      }),
  };
}
