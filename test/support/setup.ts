// Seals the network for every test file: a connection to anything but loopback or a
// Unix socket throws, so a test can never depend on (or leak to) the outside world.
import net from 'node:net';

const loopback = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply below
const originalConnect = net.Socket.prototype.connect as (...a: unknown[]) => net.Socket;

function target(args: unknown[]): { host?: string; path?: string } {
  const first = args[0];
  if (Array.isArray(first)) return target(first);
  if (first !== null && typeof first === 'object') return first;
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost' };
}

net.Socket.prototype.connect = function sealedConnect(this: net.Socket, ...args: unknown[]) {
  const { host, path } = target(args);
  if (path === undefined && host !== undefined && !loopback.has(host)) {
    throw new Error(`test network is sealed: refused an outbound connection to ${host}`);
  }
  return originalConnect.apply(this, args);
};
