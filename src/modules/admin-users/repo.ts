import { sql } from 'kysely';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { toJson } from '../../db/helpers.ts';
import type { AdminUsersTables } from './tables.ts';

export type AdminUserRow = Selectable<AdminUsersTables['admin_users']>;
export type AdminRoleRow = Selectable<AdminUsersTables['admin_roles']>;
export type AdminPasskeyRow = Selectable<AdminUsersTables['admin_passkeys']>;

/** The only SQL for admin users and roles. */
export const adminUsersRepo = {
  byUsername: (db: Db, username: string) => db.selectFrom('admin_users').selectAll().where('username', '=', username).executeTakeFirst(),
  byId: (db: Db, id: number) => db.selectFrom('admin_users').selectAll().where('id', '=', id).executeTakeFirst(),
  byEmail: (db: Db, email: string) => db.selectFrom('admin_users').selectAll().where('email', '=', email).executeTakeFirst(),

  async insertUser(db: Db, row: Insertable<AdminUsersTables['admin_users']>) {
    return (await db.insertInto('admin_users').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateUser(db: Db, id: number, patch: Updateable<AdminUsersTables['admin_users']>) {
    await db.updateTable('admin_users').set(patch).where('id', '=', id).execute();
  },
  /**
   * Counts a wrong password in one conditional statement (parallel attempts are all counted): the attempt that
   * reaches `max` locks the account until `lockUntil` and starts the count again. Nothing is counted while a lock
   * holds (undefined is returned then).
   */
  async recordSignInFailure(db: Db, id: number, o: { now: string; max: number; lockUntil: string }) {
    const reaches = sql<boolean>`failed_logins + 1 >= ${o.max}`;
    return db
      .updateTable('admin_users')
      .set({
        failed_logins: o.max > 0 ? sql<number>`case when ${reaches} then 0 else failed_logins + 1 end` : sql<number>`failed_logins + 1`,
        locked_until: o.max > 0 ? sql<string | null>`case when ${reaches} then ${o.lockUntil} else locked_until end` : sql<string | null>`locked_until`,
      })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', o.now)]))
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirst();
  },
  async deleteUser(db: Db, id: number) {
    await db.deleteFrom('admin_users').where('id', '=', id).execute();
  },
  listUsers: (db: Db) =>
    db
      .selectFrom('admin_users')
      .leftJoin('admin_roles', 'admin_roles.id', 'admin_users.role_id')
      .selectAll('admin_users')
      .select('admin_roles.name as role_name')
      .orderBy('admin_users.id')
      .execute(),

  /** Active admins whose role grants everything or the given resource (for "last administrator" checks). */
  async countActiveWith(db: Db, resource: string, excludeUserId?: number, excludeRoleId?: number): Promise<number> {
    let q = db
      .selectFrom('admin_users')
      .innerJoin('admin_roles', 'admin_roles.id', 'admin_users.role_id')
      .where('admin_users.is_active', '=', 1)
      .where((eb) =>
        eb.or([
          eb('admin_roles.all_resources', '=', 1),
          eb.exists(
            eb
              .selectFrom('admin_role_resources')
              .select('role_id')
              .whereRef('admin_role_resources.role_id', '=', 'admin_roles.id')
              .where('resource_id', '=', resource),
          ),
        ]),
      );
    if (excludeUserId !== undefined) q = q.where('admin_users.id', '!=', excludeUserId);
    if (excludeRoleId !== undefined) q = q.where('admin_roles.id', '!=', excludeRoleId);
    const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  roleById: (db: Db, id: number) => db.selectFrom('admin_roles').selectAll().where('id', '=', id).executeTakeFirst(),
  roleByName: (db: Db, name: string) => db.selectFrom('admin_roles').selectAll().where('name', '=', name).executeTakeFirst(),
  listRoles: (db: Db) => db.selectFrom('admin_roles').selectAll().orderBy('name').execute(),
  async roleResources(db: Db, roleId: number): Promise<string[]> {
    return (await db.selectFrom('admin_role_resources').select('resource_id').where('role_id', '=', roleId).execute()).map((r) => r.resource_id);
  },
  async insertRole(db: Db, row: Insertable<AdminUsersTables['admin_roles']>) {
    return (await db.insertInto('admin_roles').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateRole(db: Db, id: number, patch: Updateable<AdminUsersTables['admin_roles']>) {
    await db.updateTable('admin_roles').set(patch).where('id', '=', id).execute();
  },
  async replaceRoleResources(db: Db, roleId: number, resources: string[]) {
    await db.deleteFrom('admin_role_resources').where('role_id', '=', roleId).execute();
    if (resources.length)
      await db
        .insertInto('admin_role_resources')
        .values(resources.map((resource_id) => ({ role_id: roleId, resource_id })))
        .execute();
  },
  async deleteRole(db: Db, id: number) {
    await db.deleteFrom('admin_roles').where('id', '=', id).execute();
  },
  usersInRole: (db: Db, roleId: number) =>
    db
      .selectFrom('admin_users')
      .select(['id', 'username', 'first_name', 'last_name', 'email', 'is_active'])
      .where('role_id', '=', roleId)
      .orderBy('id')
      .execute(),
  async countUsersInRole(db: Db, roleId: number) {
    const r = await db
      .selectFrom('admin_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role_id', '=', roleId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  // ---- grid column preferences ----
  gridPreferences: (db: Db, adminId: number) =>
    db.selectFrom('admin_grid_preferences').select(['grid_id', 'hidden_columns']).where('admin_id', '=', adminId).execute(),
  async saveGridPreference(db: Db, adminId: number, gridId: string, hidden: string[], now: string) {
    await db
      .insertInto('admin_grid_preferences')
      .values({ admin_id: adminId, grid_id: gridId, hidden_columns: toJson(hidden), updated_at: now })
      .onConflict((oc) => oc.columns(['admin_id', 'grid_id']).doUpdateSet({ hidden_columns: toJson(hidden), updated_at: now }))
      .execute();
  },

  // ---- passkeys and their one-time challenges ----
  passkeysOf: (db: Db, adminId: number) => db.selectFrom('admin_passkeys').selectAll().where('admin_id', '=', adminId).orderBy('id').execute(),
  async countPasskeys(db: Db, adminId: number): Promise<number> {
    const r = await db
      .selectFrom('admin_passkeys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('admin_id', '=', adminId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  passkeyByCredential: (db: Db, credentialId: string) =>
    db.selectFrom('admin_passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst(),
  async insertPasskey(db: Db, row: Insertable<AdminUsersTables['admin_passkeys']>) {
    return (await db.insertInto('admin_passkeys').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async usePasskey(db: Db, id: number, counter: number, now: string) {
    await db.updateTable('admin_passkeys').set({ counter, last_used_at: now }).where('id', '=', id).execute();
  },
  /** Deletes one of the admin's own passkeys; the row it deleted, or undefined when it was not theirs. */
  deletePasskey: (db: Db, adminId: number, id: number) =>
    db.deleteFrom('admin_passkeys').where('id', '=', id).where('admin_id', '=', adminId).returning(['id', 'name']).executeTakeFirst(),
  /** Stores the session's challenge for a purpose (replacing an earlier one) and drops expired ones. */
  async putChallenge(db: Db, row: { session_hash: string; purpose: string; challenge: string; expires_at: string }, now: string) {
    await db.deleteFrom('admin_webauthn_challenges').where('expires_at', '<=', now).execute();
    await db
      .insertInto('admin_webauthn_challenges')
      .values(row)
      .onConflict((oc) => oc.columns(['session_hash', 'purpose']).doUpdateSet({ challenge: row.challenge, expires_at: row.expires_at }))
      .execute();
  },
  /** Takes the session's challenge for a purpose: deleted in the same statement, so it is used at most once. */
  async takeChallenge(db: Db, sessionHash: string, purpose: string, now: string): Promise<string | undefined> {
    const row = await db
      .deleteFrom('admin_webauthn_challenges')
      .where('session_hash', '=', sessionHash)
      .where('purpose', '=', purpose)
      .returning(['challenge', 'expires_at'])
      .executeTakeFirst();
    return row && row.expires_at > now ? row.challenge : undefined;
  },
};
