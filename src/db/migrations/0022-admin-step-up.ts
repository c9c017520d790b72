import { sql } from 'kysely';
import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Step-up before Login as Customer: when an admin-panel session last proved who it is (`sessions.authenticated_at`,
 * sign-in or a confirmed password or passkey; existing sessions count from their creation), the admins' passkeys
 * (WebAuthn credentials: id and COSE public key as base64url, signature counter, transports as a JSON array) and
 * the one-time WebAuthn challenges of an admin-panel session (one per purpose, taken by a delete). Every
 * existing role gets the new resource "Account Setting". Frozen.
 */
export const migration: MigrationDef = {
  name: '0022-admin-step-up',
  async up(db, dialect) {
    await db.schema.alterTable('sessions').addColumn('authenticated_at', 'text').execute();
    await sql`update sessions set authenticated_at = created_at`.execute(db);

    await withId(db.schema.createTable('admin_passkeys'), dialect)
      .addColumn('admin_id', 'integer', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
      .addColumn('credential_id', 'text', (c) => c.notNull().unique())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('admin_passkeys_admin_idx').on('admin_passkeys').column('admin_id').execute();

    await db.schema
      .createTable('admin_webauthn_challenges')
      .addColumn('session_hash', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('admin_webauthn_challenges_pk', ['session_hash', 'purpose'])
      .execute();
    // Every role keeps what every admin could do before: the new Account Setting resource (passkeys) is granted.
    await sql`insert into admin_role_resources (role_id, resource_id) select id, 'account' from admin_roles where all_resources = 0`.execute(db);
    await db.schema.createIndex('admin_webauthn_challenges_expires_idx').on('admin_webauthn_challenges').column('expires_at').execute();
  },
};
