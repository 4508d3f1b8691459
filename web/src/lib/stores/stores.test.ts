import { describe, expect, it, vi } from 'vitest';
import { backoffMs } from '../graphql/client';
import { ClockStore, formatDuration } from './clock.svelte';
import { ConnectionStore } from './connection.svelte';
import { LayoutStore } from './layout.svelte';

describe('ConnectionStore', () => {
  it('goes connecting → connected → reconnecting n → offline, and tells listeners on return', () => {
    const c = new ConnectionStore();
    const back = vi.fn();
    c.onReconnect(back);
    c.connecting(false);
    expect(c.status).toBe('connecting');
    c.connected();
    expect(c.status).toBe('connected');
    expect(back).not.toHaveBeenCalled();
    c.closed();
    expect(c.status).toBe('reconnecting');
    c.connecting(true);
    c.connecting(true);
    expect(c.label).toBe('reconnecting 2…');
    c.connecting(true);
    expect(c.status).toBe('offline');
    c.connected();
    expect(c.status).toBe('connected');
    expect(c.attempts).toBe(0);
    expect(back).toHaveBeenCalledTimes(1);
    expect(c.reconnects).toBe(1);
  });

  it('says offline when the server is down from the start', () => {
    const c = new ConnectionStore();
    c.connecting(false);
    for (let i = 0; i < 3; i++) c.connecting(true);
    expect(c.status).toBe('offline');
  });
});

describe('LayoutStore', () => {
  it('remembers the choice', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const a = new LayoutStore(storage);
    expect(a.layout).toBe('side');
    a.toggle();
    expect(new LayoutStore(storage).layout).toBe('bottom');
  });

  it('works without storage', () => {
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new Error('quota');
      },
    };
    const a = new LayoutStore(broken);
    a.set('bottom');
    expect(a.layout).toBe('bottom');
  });
});

describe('clock', () => {
  it('learns the smallest skew from live events and ignores replays', () => {
    const clock = new ClockStore();
    clock.observe(1_000, 1_300);
    clock.observe(2_000, 2_120);
    clock.observe(0, 3_600_000);
    expect(clock.skewMs).toBe(120);
    expect(clock.toLocal(5_000)).toBe(5_120);
  });

  it('formats durations', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('backs off exponentially with a cap', () => {
    const mid = () => 0.5;
    expect(backoffMs(0, mid)).toBe(500);
    expect(backoffMs(2, mid)).toBe(2000);
    expect(backoffMs(20, mid)).toBe(8000);
  });
});
