import type { EntityManager } from '@mikro-orm/core';

/**
 * The rows of one raw SQL statement (a `select`, or a write with `returning`), run on the
 * entity manager's transaction when it has one. The driver answers untyped rows; the caller
 * names their shape, and says `number | string` where PostgreSQL returns big numbers as text.
 */
export async function sqlRows<Row>(em: EntityManager, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await em.getConnection().execute(sql, params, 'all', em.getTransactionContext())) as Row[];
}
