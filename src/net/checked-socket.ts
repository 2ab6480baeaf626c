import { connect, type Socket } from 'node:net';
import { checkAddress, type AllowList } from './address-policy.js';
import { blockedAddressError } from './blocked-address.js';
import { createCheckedLookup } from './safe-agent.js';

/**
 * Opens a TCP connection under the same private-address policy as HTTP: names resolve through the
 * checked lookup (every answer checked, so DNS rebinding is refused), and the peer the socket reached
 * is checked once more, which is what catches IP literals. For protocols other than HTTP (SMTP).
 */
export function connectChecked(host: string, port: number, allow: AllowList, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, lookup: createCheckedLookup(allow) });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error(`connection to ${host}:${port} timed out`), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', fail);
      const peer = socket.remoteAddress;
      const verdict = peer ? checkAddress(peer, host, allow) : { allowed: false as const, category: 'invalid' };
      if (!verdict.allowed) return fail(blockedAddressError(host, peer ?? 'unknown', verdict.category));
      resolve(socket);
    });
  });
}
