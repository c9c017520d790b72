import { createHash } from 'node:crypto';
import { withId, type MigrationDef } from '../helpers.ts';

// The chain's canonical form, as it was when this migration was written (migrations never import code that
// may change later; src/modules/action-log/chain.ts holds the live copy and a test keeps them equal).
export const frozenCanonical = (r: Record<string, unknown>) =>
  JSON.stringify([r.created_at, r.action_group, r.action, r.ip, r.admin_id ?? null, r.username, r.result, r.full_action_name, r.details, r.full_details]);
const link = (prev: string, r: Record<string, unknown>) =>
  createHash('sha256')
    .update(`${prev}\n${frozenCanonical(r)}`)
    .digest('hex');

/**
 * Beyond the peers: a hash chain over the action log (append-only, tamper-evident), consent with an expiry, and
 * the events of each assisted session that the customer sees in "Account access history". Frozen.
 */
export const migration: MigrationDef = {
  name: '0004-transparency',
  async up(db, dialect) {
    await db.schema
      .alterTable('action_log')
      .addColumn('prev_hash', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('action_log')
      .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createTable('log_chain')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('last_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_hash', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    // Chain what is already there, oldest first.
    let prev = '';
    let lastId = 0;
    for (;;) {
      const rows = await db.selectFrom('action_log').selectAll().where('id', '>', lastId).orderBy('id').limit(1000).execute();
      if (!rows.length) break;
      for (const r of rows) {
        const hash = link(prev, r);
        await db.updateTable('action_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
        prev = hash;
        lastId = r.id;
      }
    }
    await db.insertInto('log_chain').values({ name: 'action_log', last_id: lastId, last_hash: prev }).execute();

    await db.schema.alterTable('customers').addColumn('assistance_expires_at', 'text').execute();
    await db.schema.alterTable('customer_consents').addColumn('expires_at', 'text').execute();

    await withId(db.schema.createTable('lac_events'), dialect)
      .addColumn('lac_session_id', 'integer', (c) => c.notNull().references('lac_sessions.id').onDelete('cascade'))
      .addColumn('customer_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lac_events_session_idx').on('lac_events').columns(['lac_session_id', 'id']).execute();
    await db.schema.createIndex('lac_sessions_customer_time_idx').on('lac_sessions').columns(['customer_id', 'id']).execute();
  },
};
