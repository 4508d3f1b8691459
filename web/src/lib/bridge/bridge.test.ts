import { describe, expect, it, vi } from 'vitest';
import { Bridge } from './bridge';

interface Map {
  ping: { n: number };
  pong: { s: string };
}

describe('Bridge', () => {
  it('delivers typed payloads to listeners of that event only', () => {
    const bridge = new Bridge<Map>();
    const ping = vi.fn();
    const pong = vi.fn();
    bridge.on('ping', ping);
    bridge.on('pong', pong);
    bridge.emit('ping', { n: 1 });
    expect(ping).toHaveBeenCalledWith({ n: 1 });
    expect(pong).not.toHaveBeenCalled();
  });

  it('unsubscribes with the returned function and with clear()', () => {
    const bridge = new Bridge<Map>();
    const ping = vi.fn();
    const off = bridge.on('ping', ping);
    bridge.on('pong', vi.fn());
    off();
    bridge.emit('ping', { n: 2 });
    expect(ping).not.toHaveBeenCalled();
    expect(bridge.listenerCount()).toBe(1);
    bridge.clear();
    expect(bridge.listenerCount()).toBe(0);
  });

  it('remembers the last payload for late listeners', () => {
    const bridge = new Bridge<Map>();
    bridge.emit('pong', { s: 'a' });
    bridge.emit('pong', { s: 'b' });
    expect(bridge.latest('pong')).toEqual({ s: 'b' });
    expect(bridge.latest('ping')).toBeUndefined();
  });

  it('lets a listener remove itself while being called', () => {
    const bridge = new Bridge<Map>();
    const calls: number[] = [];
    const off = bridge.on('ping', (p) => {
      calls.push(p.n);
      off();
    });
    bridge.on('ping', (p) => calls.push(p.n * 10));
    bridge.emit('ping', { n: 1 });
    bridge.emit('ping', { n: 2 });
    expect(calls).toEqual([1, 10, 20]);
  });
});
