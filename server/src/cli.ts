/**
 * Standalone entry: `tsx server/src/cli.ts`. The only place that reads argv, talks to a terminal and
 * exits the process; everything else is the same factory the desktop app embeds.
 *
 * Human lines go to stdout, JSON logs and problems to stderr. Exit codes: 0 clean stop or --help,
 * 1 could not start, 2 bad arguments.
 */
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { CodedError } from '../../common/result';
import { parseCliArgs, USAGE, USAGE_HINT } from './cli-args';
import { portInUseMessage, startupLines, webClientMissingWarning } from './cli-output';
import { isWebClientBuilt } from './http';
import { createSignalingServer } from './signaling-server';

/** Where `npm run build:web` writes the web client, found from this file rather than the cwd. */
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), { staticDir: DEFAULT_STATIC_DIR });
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

  if (!isWebClientBuilt(staticDir)) fail(webClientMissingWarning(staticDir));

  const server = createSignalingServer({ host, port, staticDir, logger });
  let address;
  try {
    address = await server.listen();
  } catch (error) {
    await server.close();
    if (error instanceof CodedError && error.code === 'EADDRINUSE') fail(portInUseMessage(port));
    else fail(`Could not start the server: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }

  for (const line of startupLines(address, networkInterfaces())) out(line);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      fail('Stopping immediately.');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
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
