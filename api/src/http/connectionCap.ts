import type { IncomingMessage } from 'node:http';
import { addressKey } from '../domain/address.js';
import { clientAddress } from './clientAddress.js';

/** WebSocket connections per address on this replica (see {@link createConnectionCap}). */
export interface ConnectionCap {
  /**
   * Reserve a place for an upgrade from `req`'s address, or refuse it (null: the address holds
   * `max` already). The place is released when the request's TCP socket closes, whether or
   * not the handshake completes, so nothing leaks.
   */
  admit(req: IncomingMessage): { address: string } | null;
  /** Upgrades refused since start. */
  refused(): number;
  /** Addresses holding at least one place (for tests and metrics). */
  addresses(): number;
}

/**
 * At most `max` WebSocket connections per address (IPv6 per /64, proxy-aware like every
 * per-address limit), counted in this replica's memory: a Redis count would cost a round trip
 * per connect and need expiring per replica so a dead one cannot leave counts behind. Behind a
 * load balancer an address may therefore hold up to `max` on each replica.
 */
export function createConnectionCap(max: number, trustedHops: number): ConnectionCap {
  const open = new Map<string, number>();
  let refused = 0;
  return {
    admit(req) {
      const address = clientAddress(req, trustedHops);
      const key = addressKey(address);
      const held = open.get(key) ?? 0;
      if (held >= max) {
        refused++;
        return null;
      }
      open.set(key, held + 1);
      req.socket.once('close', () => {
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      });
      return { address };
    },
    refused: () => refused,
    addresses: () => open.size,
  };
}
