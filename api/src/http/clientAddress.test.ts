import { describe, expect, it } from 'vitest';
import { addressKey } from '../domain/address.js';
import { canonicalAddress, clientAddress, requestScheme } from './clientAddress.js';

const req = (headers: Record<string, string | string[]>, remoteAddress = '10.0.0.2', encrypted = false) =>
  ({ headers, socket: { remoteAddress, encrypted } }) as unknown as Parameters<typeof clientAddress>[0];

describe('clientAddress', () => {
  it('uses the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req({ 'x-forwarded-for': '1.2.3.4' }), 0)).toBe('10.0.0.2');
    expect(clientAddress(req({}, '::ffff:192.0.2.7'), 0)).toBe('192.0.2.7');
  });

  it('takes the entry that many hops from the right; forged left-most entries change nothing', () => {
    const chain = (forged: string) => req({ 'x-forwarded-for': `${forged}, 203.0.113.9, 192.0.2.1` });
    for (const forged of ['1.1.1.1', '8.8.8.8, 9.9.9.9', 'garbage']) {
      expect(clientAddress(chain(forged), 1)).toBe('192.0.2.1');
      expect(clientAddress(chain(forged), 2)).toBe('203.0.113.9');
    }
  });

  it('joins repeated headers in order and uses the left-most when there are fewer entries than hops', () => {
    expect(clientAddress(req({ 'x-forwarded-for': ['1.1.1.1', '203.0.113.9'] }), 1)).toBe('203.0.113.9');
    expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.9' }), 3)).toBe('203.0.113.9');
    expect(clientAddress(req({}), 2)).toBe('10.0.0.2');
  });

  it('falls back to the peer when the trusted entry is not an address', () => {
    expect(clientAddress(req({ 'x-forwarded-for': '1.1.1.1, unknown' }), 1)).toBe('10.0.0.2');
    expect(clientAddress(req({ 'x-forwarded-for': ' , ,' }), 1)).toBe('10.0.0.2');
  });

  it('canonicalises ports, brackets, case and mapped IPv4', () => {
    expect(canonicalAddress('203.0.113.9:4411')).toBe('203.0.113.9');
    expect(canonicalAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(canonicalAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalAddress('<script>')).toBeNull();
  });
});

describe('addressKey', () => {
  it('counts IPv6 per /64 (a host can rotate inside it) and IPv4 per address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('unknown')).toBe('unknown');
  });
});

describe('requestScheme', () => {
  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(requestScheme(req({ 'x-forwarded-proto': 'https' }), 0)).toBe('http');
    expect(requestScheme(req({ 'x-forwarded-proto': 'https' }), 1)).toBe('https');
    expect(requestScheme(req({ 'x-forwarded-proto': 'http, https' }), 1)).toBe('https');
    expect(requestScheme(req({}, '10.0.0.2', true), 0)).toBe('https');
  });
});
