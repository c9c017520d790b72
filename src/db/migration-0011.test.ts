import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openTestDatabase } from '../testing/test-app.ts';
import { migrations } from './migrations/index.ts';

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;
let handle: Handle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle?.drop());

describe('migration 0011: structured access-history lines', () => {
  it('keeps the lines already written, with their text, and lets new lines go without one', async () => {
    const at = migrations.findIndex((m) => m.name === '0011-lac-structured-events');
    expect(at).toBeGreaterThan(0);
    // Untyped: the tables as they were before 0011.
    const db = handle.db as unknown as Kysely<any>;
    for (const m of migrations.slice(0, at)) await m.up(db, handle.dialect);
    const session = {
      admin_id: 1,
      admin_username: 'agent',
      admin_name: 'Agnes Agent',
      customer_id: 7,
      customer_email: 'c@example.com',
      store_view_id: 1,
      status: 'ended',
      admin_session_hash: 'h',
      requested_at: '2026-01-01T10:00:00.000Z',
    };
    const { id: sessionId } = await db.insertInto('lac_sessions').values(session).returning('id').executeTakeFirstOrThrow();
    const old = { lac_session_id: sessionId, customer_id: 7, created_at: '2026-01-01T10:05:00.000Z', description: 'added 2 × Blue Mug to cart' };
    await db.insertInto('lac_events').values(old).execute();

    await migrations[at]!.up(db, handle.dialect);

    expect(await db.selectFrom('lac_events').select(['lac_session_id', 'customer_id', 'created_at', 'description', 'kind', 'params']).execute()).toEqual([
      { ...old, kind: null, params: null },
    ]);
    const line = {
      lac_session_id: sessionId,
      customer_id: 7,
      created_at: '2026-01-01T10:06:00.000Z',
      description: null,
      kind: 'cart.remove',
      params: '{"product":"Blue Mug"}',
    };
    await db.insertInto('lac_events').values(line).execute();
    expect(await db.selectFrom('lac_events').select('kind').orderBy('id').execute()).toEqual([{ kind: null }, { kind: 'cart.remove' }]);
    // The session's lines still go with it.
    await db.deleteFrom('lac_sessions').where('id', '=', sessionId).execute();
    expect(await db.selectFrom('lac_events').select('id').execute()).toEqual([]);
  });
});
