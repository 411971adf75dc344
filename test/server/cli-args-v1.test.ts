import { describe, expect, it } from 'vitest';
import { unitCode } from '../../common/unit-code';
import { parseCliArgs, USAGE } from '../../server/src/cli/args';
import { forwardingLines } from '../../server/src/cli/output';

const defaults = { staticDir: '/app/out/renderer', dataDir: '/home/ada/.config/nearcast' };

describe('v1 options', () => {
  it('reads access, limits, TLS, ICE and Redis options', () => {
    const parsed = parseCliArgs(
      [
        '--access-code=orange-42',
        '--room-capacity',
        '4',
        '--ring-timeout',
        '10',
        '--recovery-window',
        '120',
        '--rate-limit',
        '20',
        '--ice-server',
        'stun:10.0.0.1:3478',
        '--turn-url',
        'turn:10.0.0.1:3478',
        '--turn-url',
        'turns:10.0.0.1:5349',
        '--turn-secret',
        'shh',
        '--turn-ttl',
        '600',
        '--cert',
        'cert.pem',
        '--key',
        'key.pem',
        '--redis',
        'redis://127.0.0.1:6379',
      ],
      defaults,
    );

    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        accessCode: 'orange-42',
        roomCapacity: 4,
        ringTimeoutMs: 10_000,
        eventsPerSecond: 20,
        recoveryWindowMs: 120_000,
        iceServers: ['stun:10.0.0.1:3478'],
        turn: { urls: ['turn:10.0.0.1:3478', 'turns:10.0.0.1:5349'], secret: 'shh', ttlSeconds: 600 },
        tls: { kind: 'files', cert: 'cert.pem', key: 'key.pem' },
        redis: 'redis://127.0.0.1:6379',
      },
    });
  });

  it('takes the access code and TURN secret from the environment the entry point passes', () => {
    const parsed = parseCliArgs(['--turn-url', 'turn:10.0.0.1'], defaults, {
      NEARCAST_ACCESS_CODE: 'from-env',
      NEARCAST_TURN_SECRET: 'env-secret',
    });

    expect(parsed).toMatchObject({
      options: { accessCode: 'from-env', turn: { secret: 'env-secret', ttlSeconds: 3600 } },
    });
  });

  it('--tls alone means a self-signed certificate in the data folder', () => {
    expect(parseCliArgs(['--tls', '--data-dir', '/srv/nc'], defaults)).toMatchObject({
      options: { tls: { kind: 'self-signed' }, dataDir: '/srv/nc' },
    });
  });

  it('--plain-http goes with TLS: view-only guests over http, as a flag or a variable', () => {
    expect(parseCliArgs(['--tls', '--plain-http'], defaults)).toMatchObject({
      options: { tls: { kind: 'self-signed' }, plainHttp: true },
    });
    expect(parseCliArgs(['--tls'], defaults, { NEARCAST_PLAIN_HTTP: 'true' })).toMatchObject({
      options: { plainHttp: true },
    });
    // An env file may set it before TLS is turned on: it waits, unused, as the TURN secret does.
    expect(parseCliArgs([], defaults, { NEARCAST_PLAIN_HTTP: 'true' })).toMatchObject({
      options: { tls: { kind: 'off' }, plainHttp: false },
    });
  });

  it.each([
    [['--room-capacity', '1'], 'Invalid --room-capacity "1": expected a whole number from 2 to 64.'],
    [['--ring-timeout', '0'], 'Invalid --ring-timeout "0": expected a whole number from 1 to 600.'],
    [['--rate-limit', 'fast'], 'Invalid --rate-limit "fast": expected a whole number from 1 to 10000.'],
    [['--recovery-window', '601'], 'Invalid --recovery-window "601": expected a whole number from 0 to 600.'],
    [['--turn-ttl', '5'], 'Invalid --turn-ttl "5": expected a whole number from 60 to 604800.'],
    [['--access-code', 'abc'], 'Invalid access code: expected 4 to 256 characters.'],
    [['--ice-server', 'http://x'], 'Invalid ICE server URL "http://x": expected stun:, turn: or turns:.'],
    [['--turn-url', 'turn:x'], 'Option --turn-url needs --turn-secret (or NEARCAST_TURN_SECRET).'],
    [['--turn-secret', 'x'], 'Option --turn-secret needs at least one --turn-url.'],
    [['--cert', 'c.pem'], 'Options --cert and --key go together: give both or neither.'],
    [['--plain-http'], 'Option --plain-http goes with --tls or --cert: plain HTTP is the default.'],
    [['--redis', 'localhost'], 'Invalid --redis "localhost": expected a URL such as redis://127.0.0.1:6379.'],
  ])('refuses %j with one clear line', (argv, message) => {
    expect(parseCliArgs(argv, defaults)).toEqual({ kind: 'error', message });
  });

  it('--help documents every option it accepts', () => {
    const flags = [
      '--access-code',
      '--room-capacity',
      '--ring-timeout',
      '--rate-limit',
      '--recovery-window',
      '--tls',
      '--cert',
      '--key',
      '--data-dir',
      '--plain-http',
      '/tls.json',
      '--ice-server',
      '--turn-url',
      '--turn-secret',
      '--turn-ttl',
      '--redis',
      'NEARCAST_ACCESS_CODE',
      'Exit codes',
    ];
    for (const flag of flags) expect(USAGE).toContain(flag);
  });
});

describe('--updates', () => {
  it('takes the release folder the desktop apps update from, none by default', () => {
    expect(parseCliArgs(['--updates', 'release'], defaults)).toMatchObject({
      kind: 'run',
      options: { updatesDir: 'release' },
    });
    expect(parseCliArgs([], defaults)).toMatchObject({ options: { updatesDir: null } });
    expect(parseCliArgs(['--updates='], defaults)).toEqual({
      kind: 'error',
      message: 'Option --updates needs a folder.',
    });
    expect(USAGE).toContain('--updates <dir>');
  });
});

describe('--advertise', () => {
  it('is off unless asked for, by flag or NEARCAST_ADVERTISE, and says it goes out on every interface', () => {
    expect(parseCliArgs([], defaults)).toMatchObject({ options: { advertise: false } });
    expect(parseCliArgs(['--advertise'], defaults)).toMatchObject({ options: { advertise: true } });
    expect(parseCliArgs([], defaults, { NEARCAST_ADVERTISE: 'true' })).toMatchObject({
      options: { advertise: true },
    });
    expect(parseCliArgs(['--advertise=yes'], defaults)).toEqual({
      kind: 'error',
      message: 'Option --advertise does not take a value.',
    });
    expect(USAGE).toMatch(
      /--advertise +Announce this server on the LAN over mDNS[^]*every network\s+interface/,
    );
  });
});

describe('the forwarding unit', () => {
  it('runs by default and takes its switch, capacity and senders from flags or variables', () => {
    expect(parseCliArgs([], defaults)).toMatchObject({
      options: { forwarding: { enabled: true, switchAbove: 4, capacity: 50, maxSenders: 8 } },
    });
    expect(
      parseCliArgs(['--forward-above', '0', '--forwarded-capacity', '120', '--max-senders', '3'], defaults),
    ).toMatchObject({
      options: { forwarding: { enabled: true, switchAbove: 0, capacity: 120, maxSenders: 3 } },
    });
    expect(parseCliArgs(['--no-forwarding'], defaults)).toMatchObject({
      options: { forwarding: { enabled: false } },
    });
    expect(parseCliArgs([], defaults, { NEARCAST_NO_FORWARDING: 'yes' })).toMatchObject({
      options: { forwarding: { enabled: false } },
    });
  });

  it.each([
    [['--forward-above', '65'], 'Invalid --forward-above "65": expected a whole number from 0 to 64.'],
    [
      ['--forwarded-capacity', '1'],
      'Invalid --forwarded-capacity "1": expected a whole number from 2 to 500.',
    ],
    [['--max-senders', '0'], 'Invalid --max-senders "0": expected a whole number from 1 to 64.'],
  ])('refuses %j', (argv, message) => {
    expect(parseCliArgs(argv, defaults)).toEqual({ kind: 'error', message });
  });

  it('is described in --help, with the mesh it leaves under --redis', () => {
    for (const flag of [
      '--forward-above <n>',
      '--forwarded-capacity <n>',
      '--max-senders <n>',
      '--no-forwarding',
    ])
      expect(USAGE).toContain(flag);
    expect(USAGE).toMatch(/rooms then stay a mesh: the forwarding unit runs inside one process/);
  });
});

describe('forwardingLines', () => {
  const fingerprint =
    'sha-256 00:07:0E:15:1C:23:2A:31:38:3F:46:4D:54:5B:62:69:70:77:7E:85:8C:93:9A:A1:A8:AF:B6:BD:C4:CB:D2:D9';

  it("prints the running unit's code, as members' apps compute it, and when rooms use it", () => {
    const lines = forwardingLines(
      { kind: 'running', fingerprint, switchAbove: 0, capacity: 30, maxSenders: 4 },
      8,
    );
    expect(lines[0]).toBe(`  Forwarding unit code: ${unitCode(fingerprint)}`);
    expect(lines.join('\n')).toMatch(
      /presentation rooms and rooms above 8 people[^]*at most 30 people a room, 4 sending/,
    );
  });

  it('says why rooms stay a mesh otherwise', () => {
    expect(forwardingLines({ kind: 'clustered' }, 6)).toEqual([
      '  Forwarding unit off with --redis (it runs inside one process): rooms are a mesh of at most 6 people.',
    ]);
    expect(forwardingLines({ kind: 'failed', reason: 'no worker' }, 8)[0]).toMatch(
      /^ {2}Warning: the forwarding unit could not start \(no worker\): rooms are a mesh of at most 8 people\.$/,
    );
  });
});
