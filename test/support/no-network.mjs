/**
 * Preloaded (`node --import test/support/no-network.mjs script`) into a program that must work
 * offline: the first attempt to connect to, or look up, anything but this machine ends the process
 * with exit code 97, naming what it tried. Loopback, IP literals (looked up by `listen` too), pipes
 * and Unix sockets stay allowed.
 */
import dns from 'node:dns';
import net from 'node:net';

function refuse(what) {
  process.stderr.write(`network access attempted: ${what}\n`);
  process.exit(97);
}

function local(host) {
  if (host === undefined || host === null || host === '' || host === 'localhost') return true;
  const address = String(host).replace(/^\[|\]$/g, '');
  return net.isIP(address) !== 0 && (address === '::1' || address.startsWith('127.'));
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its arguments already normalized, as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: args[1] };
  if (options.path === undefined && !local(options.host))
    refuse(`connect to ${options.host}:${options.port}`);
  return connect.apply(this, args);
};

const LOOKUPS = ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt'];
for (const name of LOOKUPS) {
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (host, ...rest) {
      if (name === 'lookup' && (net.isIP(host) !== 0 || host === 'localhost')) {
        return original.call(this, host, ...rest);
      }
      refuse(`dns ${name} ${host}`);
    };
  }
}
