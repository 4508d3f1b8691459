import { isIP } from 'node:net';

/*
 * Which callers count as one for per-address limits (mutations, votes). Pure, so the schema
 * and the server share it; the address itself is resolved at the edge (`http/clientAddress.ts`).
 */

/**
 * The key per-address limits count under. An IPv6 host usually owns a whole /64 and can
 * rotate through it at will, so IPv6 addresses count per /64; IPv4 per address.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (embedded IPv4 tail included). */
function expandIpv6(address: string): string[] {
  let a = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const [b0, b1, b2, b3] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    a = a.slice(0, -v4[1]!.length) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
