/**
 * Every option of the standalone server from its environment variable, as a container or a systemd
 * unit sets them: the same values and refusals as the flags, and a flag on the command line wins.
 */
import { describe, expect, it } from 'vitest';
import { envVariable, OPTIONS, parseCliArgs, USAGE, type OptionName } from '../../server/src/cli/args';

const defaults = { staticDir: '/app/out/renderer', dataDir: '/home/ada/.config/nearcast' };

/** A value each option accepts, as a flag would carry it. */
const SAMPLES: Record<
  Exclude<OptionName, 'help' | 'tls' | 'plain-http' | 'advertise' | 'no-forwarding'>,
  string
> = {
  host: '10.0.0.2',
  port: '8080',
  static: '/srv/web',
  'log-level': 'warn',
  'access-code': 'orange-42',
  'room-capacity': '4',
  'ring-timeout': '10',
  'rate-limit': '20',
  'connection-limit': '16',
  'recovery-window': '120',
  cert: '/etc/nearcast/cert.pem',
  key: '/etc/nearcast/key.pem',
  'data-dir': '/var/lib/nearcast',
  'ice-server': 'stun:10.0.0.1:3478',
  'turn-url': 'turn:10.0.0.1:3478',
  'turn-secret': 'shh',
  'turn-ttl': '600',
  redis: 'redis://10.0.0.3:6379',
  'allowed-origin': 'https://intranet.example',
  'metrics-token': 'scrape-token-0123456789',
  updates: '/srv/nearcast/release',
  'forward-above': '6',
  'forwarded-capacity': '30',
  'max-senders': '4',
};

const ALL_FLAGS = Object.entries(SAMPLES).flatMap(([option, value]) => [`--${option}`, value]);
const ALL_ENV = Object.fromEntries(
  Object.entries(SAMPLES).map(([option, value]) => [envVariable(option as OptionName), value]),
);

describe('options from the environment', () => {
  it('names each variable NEARCAST_ and the option in capitals', () => {
    expect(envVariable('room-capacity')).toBe('NEARCAST_ROOM_CAPACITY');
    expect(envVariable('redis')).toBe('NEARCAST_REDIS');
  });

  it('gives every option the same value as its flag', () => {
    const fromFlags = parseCliArgs(ALL_FLAGS, defaults);

    expect(fromFlags.kind).toBe('run');
    expect(parseCliArgs([], defaults, ALL_ENV)).toEqual(fromFlags);
  });

  it('lets a flag on the command line win over its variable', () => {
    const parsed = parseCliArgs(['--port', '9000', '--ice-server', 'stun:a'], defaults, {
      NEARCAST_PORT: '8080',
      NEARCAST_HOST: '127.0.0.1',
      NEARCAST_ICE_SERVER: 'stun:b,stun:c',
    });

    expect(parsed).toMatchObject({
      kind: 'run',
      options: { port: 9000, host: '127.0.0.1', iceServers: ['stun:a'] },
    });
  });

  it('reads lists separated by commas and switches as true or false', () => {
    const parsed = parseCliArgs([], defaults, {
      NEARCAST_ICE_SERVER: 'stun:10.0.0.1:3478, stun:10.0.0.2:3478,',
      NEARCAST_TLS: 'yes',
    });

    expect(parsed).toMatchObject({
      options: { iceServers: ['stun:10.0.0.1:3478', 'stun:10.0.0.2:3478'], tls: { kind: 'self-signed' } },
    });
    expect(parseCliArgs([], defaults, { NEARCAST_TLS: 'false' })).toMatchObject({
      options: { tls: { kind: 'off' } },
    });
    expect(parseCliArgs(['--tls'], defaults, { NEARCAST_TLS: '0' })).toMatchObject({
      options: { tls: { kind: 'self-signed' } },
    });
  });

  it('treats an empty variable as unset, so an env file may list them all', () => {
    const empty = Object.fromEntries(Object.keys(ALL_ENV).map((name) => [name, '']));

    expect(parseCliArgs([], defaults, { ...empty, NEARCAST_TLS: '' })).toEqual(parseCliArgs([], defaults));
  });

  it.each([
    [{ NEARCAST_PORT: 'http' }, 'Invalid NEARCAST_PORT "http": expected a whole number from 0 to 65535.'],
    [
      { NEARCAST_ROOM_CAPACITY: '99' },
      'Invalid NEARCAST_ROOM_CAPACITY "99": expected a whole number from 2 to 64.',
    ],
    [{ NEARCAST_TLS: 'maybe' }, 'Invalid NEARCAST_TLS "maybe": expected true or false.'],
    [
      { NEARCAST_REDIS: 'localhost' },
      'Invalid NEARCAST_REDIS "localhost": expected a URL such as redis://127.0.0.1:6379.',
    ],
    [{ NEARCAST_TURN_URL: 'turn:x' }, 'Option --turn-url needs --turn-secret (or NEARCAST_TURN_SECRET).'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(parseCliArgs([], defaults, env)).toEqual({ kind: 'error', message });
  });

  it('leaves a TURN secret without a TURN URL unused, as an env file may hold it for later', () => {
    expect(parseCliArgs([], defaults, { NEARCAST_TURN_SECRET: 'shh' })).toMatchObject({
      options: { turn: null },
    });
  });

  it('ignores variables that name no option, and --help ignores bad ones', () => {
    expect(parseCliArgs([], defaults, { NEARCAST_NETNS: '1' })).toEqual(parseCliArgs([], defaults));
    expect(parseCliArgs(['--help'], defaults, { NEARCAST_TLS: 'maybe' })).toEqual({ kind: 'help' });
  });

  it('--help lists every option with its variable', () => {
    for (const option of Object.keys(OPTIONS) as OptionName[]) {
      if (option === 'help') continue;
      expect(USAGE).toMatch(new RegExp(`--${option} +${envVariable(option)}\\n`));
    }
  });
});
