/**
 * The deployment kit, checked without Docker or systemd running: the Dockerfile's build stage is
 * replayed on exactly the files .dockerignore lets into the build context, its runtime stage is laid
 * out from its COPY lines and started with its own ENTRYPOINT, ENV and HEALTHCHECK, and every
 * environment variable the kit sets (compose.yaml, the systemd unit, the env file) is one the server
 * reads.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envVariable, OPTIONS, type OptionName } from '../../server/src/cli/args';
import { REPO_ROOT, startServerProcess } from '../support/server-process';
import { dockerignored, parseDockerfile, type Stage } from '../support/dockerfile';

const read = (file: string) => readFileSync(resolve(REPO_ROOT, file), 'utf8');
const dockerfile = parseDockerfile(read('Dockerfile'));
const [build, runtime] = dockerfile as [Stage, Stage];
const KNOWN = new Set((Object.keys(OPTIONS) as OptionName[]).filter((o) => o !== 'help').map(envVariable));
const variablesIn = (text: string) => [...new Set(text.match(/\bNEARCAST_[A-Z0-9_]+/g) ?? [])];

/** Files of the repository Docker would send as the build context (tracked or not, .git aside). */
function contextFiles(): string[] {
  const patterns = read('.dockerignore');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(resolve(REPO_ROOT, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (path === '.git' || path === 'node_modules' || path === 'out') continue;
      if (entry.isDirectory()) walk(path);
      else if (!dockerignored(patterns, path)) files.push(path);
    }
  };
  walk('');
  return files;
}

let work: string;
/** The image's /app, assembled from the runtime stage's COPY lines. */
let app: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nearcast-docker-'));
  const context = join(work, 'context');
  for (const file of contextFiles()) {
    mkdirSync(dirname(join(context, file)), { recursive: true });
    cpSync(resolve(REPO_ROOT, file), join(context, file));
  }
  // Stands for the build stage's `npm ci` (the tests run offline): the same lock, already installed.
  symlinkSync(resolve(REPO_ROOT, 'node_modules'), join(context, 'node_modules'));
  const afterCopy = build.instructions.findIndex((i) => i.keyword === 'COPY' && i.args === '. .');
  for (const step of build.instructions.slice(afterCopy + 1).filter((i) => i.keyword === 'RUN')) {
    const run = spawnSync('sh', ['-c', step.args], { cwd: context, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`build stage failed: RUN ${step.args}\n${run.stderr}`);
  }

  app = join(work, 'app');
  for (const copy of runtime.instructions.filter((i) => i.keyword === 'COPY')) {
    const [source, target] = copy.args.split(/\s+/).slice(-2) as [string, string];
    const from = copy.args.startsWith('--from=build ')
      ? join(context, posix.relative(build.workdir, source))
      : join(context, source);
    cpSync(from, join(app, posix.relative(runtime.workdir, posix.resolve(runtime.workdir, target))), {
      recursive: true,
    });
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Dockerfile', () => {
  it('builds in one stage and runs, as a non-root user, from another with Node alone', () => {
    expect(dockerfile).toHaveLength(2);
    expect(build.name).toBe('build');
    expect(runtime.from).toMatch(/^node:20(\.\d+)*-(slim|alpine)/);
    const user = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    expect(runtime.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm\b/.test(i.args))).toEqual([]);
    expect(runtime.instructions.find((i) => i.keyword === 'EXPOSE')?.args).toBe('4780');
    expect(runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args).toMatch(/ CMD \[/);
  });

  it('copies from the build exactly what it produced, and every COPY source is in the context', () => {
    const fromBuild = runtime.instructions
      .filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build '))
      .map((i) => posix.relative(build.workdir, i.args.split(/\s+/)[1]!));
    expect(fromBuild.sort()).toEqual(readdirSync(join(work, 'context', 'out')).map((d) => `out/${d}`));

    const files = contextFiles();
    for (const copy of dockerfile.flatMap((stage) => stage.instructions)) {
      if (copy.keyword !== 'COPY' || copy.args.startsWith('--from=')) continue;
      for (const source of copy.args.split(/\s+/).slice(0, -1)) {
        if (source === '.') continue;
        expect(files, `COPY ${source}`).toContain(source);
      }
    }
  });

  it('starts with its ENTRYPOINT and ENV, serves the web client, and its HEALTHCHECK passes', async () => {
    const entrypoint = JSON.parse(runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')!.args);
    expect(entrypoint[0]).toBe('node');
    const env: Record<string, string> = {};
    for (const line of runtime.instructions.filter((i) => i.keyword === 'ENV')) {
      for (const [, name, value] of line.args.matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
    }
    for (const name of variablesIn(JSON.stringify(env))) expect(KNOWN).toContain(name);

    const server = await startServerProcess([], {
      cli: join(app, entrypoint[1]),
      cwd: app,
      env: { ...process.env, ...env, NEARCAST_DATA_DIR: join(work, 'data') },
    });
    try {
      expect((await fetch(server.url)).status).toBe(200);
      const healthcheck = JSON.parse(
        runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args.replace(/^.* CMD /, ''),
      );
      const port = new URL(server.url).port;
      const check = (vars: Record<string, string>) =>
        spawnSync(healthcheck[0], healthcheck.slice(1), {
          cwd: app,
          env: { ...process.env, ...env, ...vars },
        });
      expect(check({ NEARCAST_PORT: port }).status).toBe(0);
      await server.stop();
      expect(check({ NEARCAST_PORT: port }).status).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe('compose.yaml, the systemd unit and the env file', () => {
  it('set only variables the server reads', () => {
    for (const file of ['compose.yaml', 'deploy/nearcast-server.service', 'deploy/nearcast.env']) {
      const names = variablesIn(read(file));
      expect(names.length, file).toBeGreaterThan(0);
      for (const name of names) expect(KNOWN, `${file}: ${name}`).toContain(name);
    }
  });

  it('the env file documents every option', () => {
    expect(variablesIn(read('deploy/nearcast.env')).sort()).toEqual([...KNOWN].sort());
  });

  it('compose builds this Dockerfile, runs it on the host network with the forwarding settings, and has coturn and Redis as profiles', () => {
    const compose = read('compose.yaml');
    expect(compose).toMatch(/^ {4}build: \.$/m);
    // The forwarding unit's media arrives over UDP on ports the system picks, at the addresses the
    // server sees: only the host's own network gives it both (as coturn's relay ports).
    expect(compose).toMatch(/^ {2}server:\n(?: {4}.*\n)*? {4}network_mode: host$/m);
    const forwarding = ['FORWARD_ABOVE', 'FORWARDED_CAPACITY', 'MAX_SENDERS', 'NO_FORWARDING'];
    for (const variable of forwarding.map((name) => `NEARCAST_${name}`)) {
      expect(KNOWN).toContain(variable);
      expect(compose).toContain(`${variable}: \${${variable}:-}`);
    }
    expect(compose).toMatch(/^ {2}coturn:\n(?: {4}.*\n)*? {4}profiles: \[turn\]$/m);
    expect(compose).toMatch(/^ {2}redis:\n(?: {4}.*\n)*? {4}profiles: \[redis\]$/m);
  });

  it('the unit runs the built server under a dynamic user with its settings from an env file', () => {
    const unit = read('deploy/nearcast-server.service');
    const execStart = /^ExecStart=(\S+) (\S+)$/m.exec(unit);
    expect(execStart?.[2]).toMatch(/\/server\/cli\.js$/);
    expect(existsSync(resolve(REPO_ROOT, 'out/server/cli.js'))).toBe(true);
    for (const line of [
      'DynamicUser=yes',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'CapabilityBoundingSet=',
    ]) {
      expect(unit).toMatch(new RegExp(`^${line}$`, 'm'));
    }
    expect(unit).toMatch(/^EnvironmentFile=-\/etc\/nearcast\/nearcast\.env$/m);
  });

  it.skipIf(!existsSync('/usr/bin/systemd-analyze') || !existsSync('/usr/bin/node'))(
    'the unit passes systemd-analyze verify',
    () => {
      const verify = spawnSync(
        '/usr/bin/systemd-analyze',
        ['verify', resolve(REPO_ROOT, 'deploy/nearcast-server.service')],
        {
          encoding: 'utf8',
        },
      );
      expect(verify.stderr + verify.stdout).toBe('');
      expect(verify.status).toBe(0);
    },
  );
});

it('the context holds the sources the build reads and none of the rest', () => {
  const files = contextFiles();
  expect(files).toContain('server/src/cli.ts');
  expect(files).toContain('patches/ws-fragments.mjs');
  expect(files.filter((f) => /^(electron|test|bench|node_modules|out)\//.test(f))).toEqual([]);
});
