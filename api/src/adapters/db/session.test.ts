import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SESSION_TIMEOUTS } from '../../config.js';
import { clientReplyTimeoutMs, destroyWhenSilent, sessionStartupOptions } from './session.js';
import { postgresTarget } from './startupCheck.js';

describe('PostgreSQL session limits', () => {
  it('travel as one startup options string', () => {
    expect(sessionStartupOptions(DEFAULT_SESSION_TIMEOUTS)).toBe(
      '-c statement_timeout=15000 -c lock_timeout=5000 -c idle_in_transaction_session_timeout=15000',
    );
  });

  it('give the client a reply deadline a little past the statement timeout, none when it is off', () => {
    expect(clientReplyTimeoutMs(15_000)).toBe(17_000);
    expect(clientReplyTimeoutMs(800)).toBe(1_600);
    expect(clientReplyTimeoutMs(0)).toBeNull();
  });

  it('destroy the socket of a query that never gets an answer, and only then', () => {
    vi.useFakeTimers();
    try {
      const destroy = vi.fn();
      const pending: ((err: Error | null) => void)[] = [];
      const client = {
        query: (_config: unknown, callback: (err: Error | null) => void) => void pending.push(callback),
        connection: { stream: { destroy } },
      };
      const dead = vi.fn();
      destroyWhenSilent(client as unknown as Parameters<typeof destroyWhenSilent>[0], 1_000, dead);
      const answered = vi.fn();
      client.query({ text: 'select 1' }, answered);
      vi.advanceTimersByTime(900);
      pending[0]!(null);
      vi.advanceTimersByTime(5_000);
      expect(answered).toHaveBeenCalledOnce();
      expect(destroy).not.toHaveBeenCalled();

      client.query({ text: 'select 2' }, () => {});
      vi.advanceTimersByTime(1_001);
      expect(dead).toHaveBeenCalledOnce();
      expect(destroy).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('postgresTarget', () => {
  it('reads host, port and database as MikroORM does, with the default port', () => {
    expect(postgresTarget('postgres://u:p%40ss@db.internal/pixel%20tales')).toEqual({
      host: 'db.internal',
      port: 5432,
      database: 'pixel tales',
      user: 'u',
      password: 'p@ss',
    });
    expect(postgresTarget('postgresql://127.0.0.1:6543/x').port).toBe(6543);
  });
});
