import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_HOST, DEFAULT_SERVER_PORT } from '../../common/limits';
import { parseCliArgs } from '../../server/src/cli/args';
import { startupLines } from '../../server/src/cli/output';

const defaults = { staticDir: '/app/out/renderer', dataDir: '/home/ada/.config/nearcast' };

/** What every v1 option defaults to, so the v0 expectations below stay exact. */
const V1_DEFAULTS = {
  accessCode: null,
  roomCapacity: 8,
  ringTimeoutMs: 30_000,
  eventsPerSecond: 50,
  connectionsPerAddress: 32,
  recoveryWindowMs: 0,
  iceServers: [],
  turn: null,
  tls: { kind: 'off' },
  plainHttp: false,
  dataDir: '/home/ada/.config/nearcast',
  redis: null,
  allowedOrigins: [],
  metricsToken: null,
  updatesDir: null,
  advertise: false,
  forwarding: { enabled: true, switchAbove: 4, capacity: 50, maxSenders: 8 },
};

describe('parseCliArgs', () => {
  it('uses the shared defaults when given nothing', () => {
    expect(parseCliArgs([], defaults)).toEqual({
      kind: 'run',
      options: {
        host: DEFAULT_SERVER_HOST,
        port: DEFAULT_SERVER_PORT,
        staticDir: '/app/out/renderer',
        logLevel: 'info',
        ...V1_DEFAULTS,
      },
    });
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(
      parseCliArgs(
        ['--host', '127.0.0.1', '--port=0', '--static', 'dist/web', '--log-level', 'debug'],
        defaults,
      ),
    ).toEqual({
      kind: 'run',
      options: { host: '127.0.0.1', port: 0, staticDir: 'dist/web', logLevel: 'debug', ...V1_DEFAULTS },
    });
  });

  it.each([['--help'], ['-h']])('%s asks for usage, even next to other options', (flag) => {
    expect(parseCliArgs([flag], defaults)).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--port', '80', flag], defaults)).toEqual({ kind: 'help' });
  });

  it.each(['65535', '1', '0'])('accepts port %s', (port) => {
    expect(parseCliArgs(['--port', port], defaults)).toMatchObject({
      kind: 'run',
      options: { port: Number(port) },
    });
  });

  it.each(['65536', '-1', 'abc', '80.5', '1e3', '', ' 80', '0x50'])(
    'refuses port "%s" with one clear line',
    (port) => {
      const parsed = parseCliArgs([`--port=${port}`], defaults);

      expect(parsed).toEqual({
        kind: 'error',
        message: `Invalid --port "${port}": expected a whole number from 0 to 65535.`,
      });
    },
  );

  it.each([
    [['--bogus'], 'Unknown option --bogus.'],
    [['-x'], 'Unknown option -x.'],
    [['--port'], 'Option --port needs a value.'],
    [['--port', '-1'], 'Option --port needs a value.'],
    [['--help=yes'], 'Option --help does not take a value.'],
    [['4780'], 'Unexpected argument 4780: every setting is given as an --option.'],
    [
      ['--log-level', 'loud'],
      'Invalid --log-level "loud": expected one of fatal, error, warn, info, debug, trace, silent.',
    ],
    [['--host='], 'Invalid --host "": expected an address such as 127.0.0.1.'],
    [['--static='], 'Option --static needs a folder.'],
  ])('refuses %j: %s', (argv, message) => {
    const parsed = parseCliArgs(argv, defaults);

    expect(parsed).toEqual({ kind: 'error', message });
    expect(message).not.toContain('\n');
  });
});

describe('startupLines', () => {
  const interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = {
    lo: [
      {
        address: '127.0.0.1',
        netmask: '255.0.0.0',
        family: 'IPv4',
        mac: '00:00:00:00:00:00',
        internal: true,
        cidr: null,
      },
    ],
    eth0: [
      {
        address: '192.168.1.5',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: '02:00:00:00:00:01',
        internal: false,
        cidr: null,
      },
      {
        address: 'fe80::1',
        netmask: 'ffff:ffff:ffff:ffff::',
        family: 'IPv6',
        mac: '02:00:00:00:00:01',
        internal: false,
        cidr: null,
        scopeid: 2,
      },
    ],
    wlan0: [
      {
        address: '10.0.0.7',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: '02:00:00:00:00:02',
        internal: false,
        cidr: null,
      },
    ],
  };

  it('on 0.0.0.0 lists every LAN IPv4 address and the local URL', () => {
    const lines = startupLines({ host: '0.0.0.0', port: 4780, url: 'http://127.0.0.1:4780/' }, interfaces);

    expect(lines).toEqual([
      'Nearcast server listening on http://0.0.0.0:4780/',
      '  Join from the LAN: http://192.168.1.5:4780/',
      '  Join from the LAN: http://10.0.0.7:4780/',
      '  On this computer:  http://127.0.0.1:4780/',
    ]);
  });

  it('on a specific address prints only that URL', () => {
    const lines = startupLines({ host: '127.0.0.1', port: 5000, url: 'http://127.0.0.1:5000/' }, interfaces);

    expect(lines).toEqual(['Nearcast server listening on http://127.0.0.1:5000/']);
  });

  it('says so when no LAN address exists', () => {
    const lines = startupLines(
      { host: '0.0.0.0', port: 4780, url: 'http://127.0.0.1:4780/' },
      { lo: interfaces.lo },
    );

    expect(lines).toContain('  No LAN address found: only this computer can join for now.');
  });
});
