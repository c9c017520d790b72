import { withId, type MigrationDef } from '../helpers.ts';

/**
 * The admin notifications inbox (System > Notifications) with each admin's read/removed marks; protected customer
 * accounts (`customers.protected_reason`); four-eyes approvals of assisted sessions for them (`lac_approvals`);
 * and the index the per-agent limits count sessions with (admin, requested_at). Frozen.
 */
export const migration: MigrationDef = {
  name: '0021-lac-approvals-limits-notifications',
  async up(db, dialect) {
    await withId(db.schema.createTable('admin_notifications'), dialect)
      // 1 critical, 2 major, 3 minor, 4 notice (Magento's severities)
      .addColumn('severity', 'integer', (c) => c.notNull())
      // English source texts with the values of their placeholders (JSON), translated when shown
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('link', 'text')
      // who sees it: admins whose role has this resource (null: every admin who may open the inbox)
      .addColumn('resource', 'text')
      // or only this admin (e.g. the one whose request was decided)
      .addColumn('admin_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_notifications_created_idx').on('admin_notifications').columns(['created_at', 'id']).execute();
    await db.schema
      .createTable('admin_notification_marks')
      .addColumn('notification_id', 'integer', (c) => c.notNull().references('admin_notifications.id').onDelete('cascade'))
      .addColumn('admin_id', 'integer', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .addColumn('removed_at', 'text')
      .addPrimaryKeyConstraint('admin_notification_marks_pk', ['notification_id', 'admin_id'])
      .execute();
    await db.schema.createIndex('admin_notification_marks_admin_idx').on('admin_notification_marks').columns(['admin_id', 'notification_id']).execute();

    // null: not protected; 'staff' | 'vip' | 'fraud_hold'
    await db.schema.alterTable('customers').addColumn('protected_reason', 'text').execute();

    await withId(db.schema.createTable('lac_approvals'), dialect)
      .addColumn('customer_id', 'integer', (c) => c.notNull())
      .addColumn('customer_email', 'text', (c) => c.notNull())
      .addColumn('requester_admin_id', 'integer', (c) => c.notNull())
      .addColumn('requester_username', 'text', (c) => c.notNull())
      .addColumn('requester_name', 'text', (c) => c.notNull())
      .addColumn('request_comment', 'text', (c) => c.notNull())
      // pending → approved → used, or pending → denied; expiry is read from expires_at
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('decided_by_admin_id', 'integer')
      .addColumn('decided_by_name', 'text')
      .addColumn('decision_comment', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('used_at', 'text')
      .addColumn('lac_session_id', 'integer')
      .execute();
    await db.schema.createIndex('lac_approvals_requester_idx').on('lac_approvals').columns(['requester_admin_id', 'customer_id', 'status']).execute();
    await db.schema.createIndex('lac_approvals_status_idx').on('lac_approvals').columns(['status', 'id']).execute();

    // Per-agent limits: an admin's sessions since a time, and the distinct customers among them.
    await db.schema.createIndex('lac_sessions_admin_requested_idx').on('lac_sessions').columns(['admin_id', 'requested_at', 'customer_id']).execute();
  },
};
