/**
 * Preloaded (`node --import test/support/no-network.mjs script`) into a script that must work offline:
 * the first attempt to open a TCP connection or to resolve a name ends the process with exit code 97,
 * naming what it tried. Local pipes and Unix sockets stay allowed.
 */
import dns from 'node:dns';
import net from 'node:net';

function refuse(what) {
  process.stderr.write(`network access attempted: ${what}\n`);
  process.exit(97);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its arguments already normalized, as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: args[1] };
  if (options.path !== undefined) return connect.apply(this, args);
  refuse(`connect to ${options.host ?? 'localhost'}:${options.port}`);
};

const RESOLVE = ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt'];
for (const name of RESOLVE) {
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    if (typeof target[name] === 'function') target[name] = (host) => refuse(`dns ${name} ${host}`);
  }
}
