import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Background jobs: an outbox table written in the caller's transaction and drained by our worker (decision 014).
 * `locked_until` is the lease of the worker running a job, so a job whose worker died is claimed again. Frozen.
 */
export const migration: MigrationDef = {
  name: '0008-jobs',
  async up(db, dialect) {
    await withId(db.schema.createTable('jobs'), dialect)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      // queued → running → done | failed (a failed attempt with attempts left goes back to queued)
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Claiming: the due queued jobs in run_at order, and running jobs by lease end.
    await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['status', 'run_at', 'id']).execute();
    await db.schema.createIndex('jobs_lease_idx').on('jobs').columns(['status', 'locked_until']).execute();
    // The admin grid: one status, newest first, paged by id.
    await db.schema.createIndex('jobs_status_id_idx').on('jobs').columns(['status', 'id']).execute();
  },
};
