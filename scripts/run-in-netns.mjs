#!/usr/bin/env node
/**
 * Runs a command inside a private network namespace that has only the loopback interface, so that
 * WebRTC and mDNS tests can never send a packet to a real network. Needs root (or user namespaces).
 * Usage: node scripts/run-in-netns.mjs <command> [args...]
 */
import { spawnSync } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/run-in-netns.mjs <command> [args...]');
  process.exit(2);
}

if (process.env.NEARCAST_NETNS === '1') {
  // Already inside the namespace (nested call): run directly.
  const direct = spawnSync(command, args, { stdio: 'inherit', shell: false });
  process.exit(direct.status ?? 1);
}

const script = 'ip link set lo up && exec "$@"';
const result = spawnSync('unshare', ['--net', '--', 'sh', '-c', script, 'sh', command, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NEARCAST_NETNS: '1' },
});
if (result.error) {
  console.error(`Cannot create a private network namespace: ${result.error.message}`);
  console.error('Browser tests need `unshare` (util-linux) and `ip` (iproute2), run as root.');
  process.exit(1);
}
process.exit(result.status ?? 1);
