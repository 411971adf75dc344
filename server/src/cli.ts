#!/usr/bin/env node
/**
 * Standalone entry: `node out/server/cli.js` once built (`npm run build:server`; `npm run server` does
 * both; `nearcast-server` where the package is installed), or `tsx server/src/cli.ts` from source. The
 * only place that reads argv and the environment, talks to a terminal and exits the process;
 * everything else is the same factory the desktop app embeds.
 *
 * Human lines go to stdout, JSON logs and problems to stderr. Exit codes: 0 clean stop or --help,
 * 1 could not start, 2 bad arguments.
 */
import { existsSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { homedir, hostname, networkInterfaces } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { version } from '../../package.json';
import { CodedError } from '../../common/result';
import { UPDATES_PATH } from '../../common/updates';
import { parseCliArgs, USAGE, USAGE_HINT, type CliOptions } from './cli/args';
import {
  forwardingLines,
  lanAddresses,
  portInUseMessage,
  startupLines,
  webClientMissingWarning,
  type UnitStart,
} from './cli/output';
import { isWildcardHost } from './http/address';
import { isWebClientBuilt } from './http/handler';
import type { RedisAdapter } from './cluster/redis';
import type { IceConfig } from './settings';
import { createSignalingServer } from './signaling-server';
import type { TlsMaterial } from './cli/tls';
import type { LanAdvert } from './cli/advertise';
import { createForwardingUnit } from './unit/create-forwarding-unit';
import type { ForwardingUnit } from './unit/forwarding-unit';

/**
 * Where `npm run build:web` writes the web client (out/renderer), found from this file rather than the
 * cwd: this file runs as out/server/cli.js once built, or from server/src/ under tsx.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_STATIC_DIR = resolve(HERE, basename(HERE) === 'src' ? '../../out/renderer' : '../renderer');

/** The per-user config folder each OS expects (XDG on Linux), where the certificate is kept. */
function defaultDataDir(): string {
  const env = process.env;
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'nearcast');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'nearcast');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'nearcast');
}

/**
 * TLS and Redis are loaded only when asked for: a plain server never loads the certificate generator
 * or the Redis client, whose code would otherwise sit in its heap for its whole life.
 */
async function loadTls(options: CliOptions): Promise<TlsMaterial | null> {
  if (options.tls.kind === 'off') return null;
  const { loadCertificateFiles, loadOrCreateSelfSigned } = await import('./cli/tls');
  if (options.tls.kind === 'files') {
    return loadCertificateFiles(resolve(options.tls.cert), resolve(options.tls.key));
  }
  return loadOrCreateSelfSigned(resolve(options.dataDir), lanAddresses(networkInterfaces()));
}

function iceConfig(options: CliOptions): IceConfig {
  return { servers: options.iceServers.map((url) => ({ urls: [url] })), turn: options.turn };
}

/**
 * `--advertise`: bonjour-service and the advert are loaded only then, like TLS and Redis. The instance
 * name is random per run, as the desktop app's, so two servers on one machine never clash; people see
 * the machine's name.
 */
async function startAdvert(
  options: CliOptions,
  port: number,
  tls: TlsMaterial | null,
  updatesDir: string | null,
  logger: Logger,
): Promise<LanAdvert | null> {
  if (!options.advertise) return null;
  // bonjour-service is CommonJS (`module.exports = Bonjour`): its default export is the class, under
  // Node and in the bundle, where a dynamically imported CommonJS chunk exports nothing else.
  const [{ default: Bonjour }, { startLanAdvert }, { openBonjour }] = await Promise.all([
    import('bonjour-service'),
    import('./cli/advertise'),
    import('./cli/bonjour'),
  ]);
  return startLanAdvert({
    // mDNS failures (an answer not sent, port 5353 held elsewhere) are logged, never fatal.
    bonjour: openBonjour(Bonjour, logger),
    instanceName: `Nearcast-${randomBytes(4).toString('hex')}`,
    displayName: hostname() || 'Nearcast server',
    version,
    port,
    accessCode: options.accessCode !== null,
    fingerprint: tls?.fingerprint256 ?? null,
    updates: updatesDir !== null,
    logger,
  });
}

/**
 * The forwarding unit, unless turned off or clustered (a unit lives in one process, a cluster's rooms
 * span several). One that cannot start is reported and the server runs on with mesh rooms. A server
 * bound to one address announces that address as the unit's ICE candidate too (members reach the
 * server there, e.g. 127.0.0.1); on every interface the unit finds the machine's own.
 */
async function startUnit(
  options: CliOptions,
  logger: Logger,
): Promise<{ unit: ForwardingUnit | null; start: UnitStart }> {
  if (!options.forwarding.enabled) return { unit: null, start: { kind: 'off' } };
  if (options.redis) return { unit: null, start: { kind: 'clustered' } };
  const { switchAbove, capacity, maxSenders } = options.forwarding;
  try {
    const unit = await createForwardingUnit({
      logger,
      maxSenders,
      addresses: isIP(options.host) && !isWildcardHost(options.host) ? [options.host] : [],
    });
    const start = {
      kind: 'running',
      fingerprint: unit.fingerprint,
      switchAbove,
      capacity,
      maxSenders,
    } as const;
    return { unit, start };
  } catch (error) {
    logger.error({ err: error }, 'the forwarding unit could not start');
    return {
      unit: null,
      start: { kind: 'failed', reason: error instanceof Error ? error.message : String(error) },
    };
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(
    process.argv.slice(2),
    { staticDir: DEFAULT_STATIC_DIR, dataDir: defaultDataDir() },
    process.env,
  );
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    fail(`nearcast-server: ${parsed.message}`);
    fail(USAGE_HINT);
    process.exitCode = 2;
    return;
  }

  const { host, port, logLevel } = parsed.options;
  const staticDir = resolve(parsed.options.staticDir);
  // Synchronous writes to stderr: nothing is lost when the process exits right after a log line.
  const logger = pino({ level: logLevel }, pino.destination({ dest: 2, sync: true }));
  // A failure nothing waited for is a bug to fix, logged; ending the process for it would drop every
  // client of the server.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  if (!isWebClientBuilt(staticDir)) fail(webClientMissingWarning(staticDir));
  const updatesDir = parsed.options.updatesDir === null ? null : resolve(parsed.options.updatesDir);
  if (updatesDir !== null && !(existsSync(updatesDir) && statSync(updatesDir).isDirectory())) {
    fail(`Could not start the server: the updates folder ${updatesDir} does not exist.`);
    process.exitCode = 1;
    return;
  }

  let tls: TlsMaterial | null;
  let redis: RedisAdapter | null = null;
  try {
    tls = await loadTls(parsed.options);
    if (parsed.options.redis) {
      const { connectRedisAdapter } = await import('./cluster/redis');
      redis = await connectRedisAdapter(parsed.options.redis, logger);
    }
  } catch (error) {
    fail(`Could not start the server: ${error instanceof CodedError ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }

  const options = parsed.options;
  const { unit, start: unitStart } = await startUnit(options, logger);
  const server = createSignalingServer({
    host,
    port,
    staticDir,
    updatesDir,
    logger,
    accessCode: options.accessCode,
    allowedOrigins: options.allowedOrigins,
    metricsToken: options.metricsToken,
    limits: {
      roomCapacity: options.roomCapacity,
      ringTimeoutMs: options.ringTimeoutMs,
      eventsPerSecond: options.eventsPerSecond,
      connectionsPerAddress: options.connectionsPerAddress,
    },
    ice: iceConfig(options),
    recoveryWindowMs: options.recoveryWindowMs,
    tls: tls ? { key: tls.key, cert: tls.cert, plainHttp: options.plainHttp ? 'serve' : 'redirect' } : null,
    adapter: redis?.adapter,
    roomClaims: redis?.claims ?? null,
    forwarding: {
      unit,
      switchAbove: options.forwarding.switchAbove,
      capacity: options.forwarding.capacity,
    },
  });
  let address;
  try {
    address = await server.listen();
  } catch (error) {
    await server.close();
    await unit?.close();
    await redis?.close();
    if (error instanceof CodedError && error.code === 'EADDRINUSE') fail(portInUseMessage(port));
    else fail(`Could not start the server: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }

  for (const line of startupLines(address, networkInterfaces(), tls ? 'https' : 'http')) out(line);
  if (tls) {
    out(`  TLS certificate SHA-256 fingerprint: ${tls.fingerprint256}`);
    if (tls.replaced) {
      out(
        `  NEW certificate: the one kept in ${resolve(options.dataDir)} was replaced because ${tls.replaced}.`,
      );
      out('  Its fingerprint changed: people who compared the old one must compare this one.');
    } else if (tls.created) {
      out(`  (new self-signed certificate saved in ${resolve(options.dataDir)})`);
    }
    out(
      options.plainHttp
        ? '  Plain http:// on the same port: view-only guests, offered the https:// address to send from.'
        : '  Plain http:// on the same port is redirected to https://.',
    );
  }
  for (const line of forwardingLines(unitStart, options.roomCapacity)) {
    if (unitStart.kind === 'failed') fail(line);
    else out(line);
  }
  if (options.accessCode) out('  Clients need the workspace access code.');
  if (updatesDir) out(`  Desktop app updates: the release files in ${updatesDir}, at ${UPDATES_PATH}`);
  const advert = await startAdvert(options, address.port, tls, updatesDir, logger);
  if (advert)
    out(`  Advertised on the LAN over mDNS (_nearcast._tcp) as "${advert.txt.name}", version ${version}.`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      fail('Stopping immediately.');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Goodbye packets first: desktop apps drop the server from their list while it closes.
    Promise.resolve(advert?.stop())
      .then(() => server.close())
      .then(() => unit?.close())
      .then(() => redis?.close())
      .then(
        () => {
          out('Nearcast server stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  fail(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
