import { isoUtc } from '../../kernel/clock.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { isSupportedLocale } from '../../kernel/i18n.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import type { SessionStore } from '../../http/sessions.ts';
import type { Db } from '../../db/database.ts';
import type { Services } from '../../kernel/services.ts';
import type { Registry } from '../registry.ts';
import { adminUsersRepo, type AdminUserRow } from './repo.ts';
import { adminUsersReads } from './reads.ts';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../kernel/passwords.ts';
import { ADMIN_SESSION_LIFETIME, SIGN_IN_FAILED } from './public.ts';
import { countFailedLogin, createStepUp } from './step-up.ts';
import type { AdminAccessChange, AdminAccessListener, NewAdminUser } from './public.ts';

export { ADMIN_LOCKOUT_FAILURES, SIGN_IN_FAILED, type AdminAccessChange, type NewAdminUser } from './public.ts';

export type { AdminUserRow };
export type { AdminUserListed } from './reads.ts';

export interface AdminIdentity {
  user: AdminUserRow;
  permissions: { all: boolean; resources: Set<string> };
  sessionHash: string;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a service factory whose body is the service object; each method is its own short function
export function createAdminUsersService(deps: {
  sessions: SessionStore;
  config: () => Services['config'];
  actionLog: () => Services['actionLog'];
  registry: Registry;
}) {
  const accessListeners: AdminAccessListener[] = [];
  const notifyAccessChanged = async (rc: RequestContext, adminId: number, reason: AdminAccessChange, sessionHash?: string) => {
    for (const l of accessListeners) await l(rc, adminId, reason, sessionHash);
  };

  async function permissionsOf(db: Db, user: AdminUserRow) {
    if (user.role_id === null) return { all: false, resources: new Set<string>() };
    const role = await adminUsersRepo.roleById(db, user.role_id);
    if (!role) return { all: false, resources: new Set<string>() };
    if (role.all_resources === 1) return { all: true, resources: new Set<string>() };
    return { all: false, resources: new Set(await adminUsersRepo.roleResources(db, role.id)) };
  }

  const actorOf = (u: AdminUserRow) => ({
    type: 'admin' as const,
    id: u.id,
    username: u.username,
    firstName: u.first_name,
    lastName: u.last_name,
    roleId: u.role_id,
  });

  const stepUp = createStepUp({ sessions: deps.sessions, config: deps.config, actionLog: deps.actionLog, notifyAccessChanged });

  return {
    permissionsOf,
    actorOf,
    ...stepUp,

    ...adminUsersReads,
    onAccessChanged(listener: AdminAccessListener) {
      accessListeners.push(listener);
    },
    notifyAccessChanged,

    /**
     * Checks a username and password, applying the lockout rule, and opens a fresh admin session (a new id, so a
     * planted cookie is never upgraded). Records Login (Success) or a Failure entry either way.
     */
    /**
     * Checks a username and password with the lockout rule, recording a Failure entry on refusal. Shared by the
     * sign-in form and the API token endpoint, so both refuse the same way.
     */
    async verifyCredentials(rc: RequestContext, username: string, password: string): Promise<Result<AdminUserRow>> {
      const config = deps.config();
      const now = rc.app.clock.now();
      const user = username ? await adminUsersRepo.byUsername(rc.db, username) : undefined;
      const log = (result: 'Success' | 'Failure', details: string, actor = rc.actor) =>
        deps.actionLog().record({ ...rc, actor }, { group: 'admin_sign_in', action: 'Login', result, details, fullDetails: { username } });
      if (!user) {
        await verifyPassword(await dummyPasswordHash(), password);
        await log('Failure', rc.t('Unknown username "{username}"', { username }));
        return refused(rc.t(SIGN_IN_FAILED), 'unauthenticated');
      }
      if (user.locked_until && user.locked_until > isoUtc(now)) {
        await log('Failure', rc.t('Account is locked'), actorOf(user));
        return refused(rc.t(SIGN_IN_FAILED), 'unauthenticated');
      }
      const valid = await verifyPassword(user.password_hash, password);
      if (!valid) {
        const lockedNow = await countFailedLogin(rc, config, user);
        await log('Failure', lockedNow ? rc.t('Wrong password; account locked') : rc.t('Wrong password'), actorOf(user));
        return refused(rc.t(SIGN_IN_FAILED), 'unauthenticated');
      }
      if (user.is_active !== 1) {
        await log('Failure', rc.t('Account is inactive'), actorOf(user));
        return refused(rc.t(SIGN_IN_FAILED), 'unauthenticated');
      }
      await adminUsersRepo.updateUser(rc.db, user.id, { failed_logins: 0, locked_until: null, last_login_at: isoUtc(now) });
      return ok(user);
    },

    /**
     * Checks a username and password, applying the lockout rule, and opens a fresh admin session (a new id, so a
     * planted cookie is never upgraded). Records Login (Success) or a Failure entry either way.
     */
    async signIn(
      rc: RequestContext,
      username: string,
      password: string,
      replacingSessionHash?: string,
    ): Promise<Result<{ user: AdminUserRow; rawSessionId: string }>> {
      const checked = await this.verifyCredentials(rc, username, password);
      if (!checked.ok) return checked;
      const user = checked.value;
      // A new sign-in in a browser ends the admin-panel session it had, and what depended on it.
      if (replacingSessionHash) {
        const previous = await deps.sessions.subjectOf(rc.db, replacingSessionHash, 'admin');
        await deps.sessions.destroy(rc.db, replacingSessionHash);
        if (previous !== undefined) await notifyAccessChanged(rc, previous, 'admin_signed_in_again', replacingSessionHash);
      }
      const lifetime = await deps.config().getInt(ADMIN_SESSION_LIFETIME, {}, rc.db);
      const session = await inTransaction(rc, async (trx) => {
        const s = await deps.sessions.create(trx.db, 'admin', user.id, {}, lifetime);
        await deps.actionLog().record({ ...trx, actor: actorOf(user) }, { group: 'admin_sign_in', action: 'Login', details: rc.t('Signed in') });
        return s;
      });
      return ok({ user, rawSessionId: session.rawId });
    },

    /** Looks up the admin behind a session cookie; inactive admins and expired sessions yield nothing. */
    async identify(rc: RequestContext, rawSessionId: string | undefined): Promise<AdminIdentity | undefined> {
      const lifetime = await deps.config().getInt(ADMIN_SESSION_LIFETIME);
      const session = await deps.sessions.load('admin', rawSessionId, lifetime);
      if (!session || session.subjectId === null) return undefined;
      const user = await adminUsersRepo.byId(rc.db, session.subjectId);
      if (!user || user.is_active !== 1) {
        await deps.sessions.destroy(rc.db, session.idHash);
        return undefined;
      }
      return { user, permissions: await permissionsOf(rc.db, user), sessionHash: session.idHash };
    },

    /** Ends the admin session and records Logout; features listening (Login as Customer) end what depends on it. */
    async signOut(rc: RequestContext, sessionHash: string) {
      await deps.sessions.destroy(rc.db, sessionHash);
      if (rc.actor.type === 'admin') {
        await deps.actionLog().record(rc, { group: 'admin_sign_in', action: 'Logout', details: rc.t('Signed out') });
        await notifyAccessChanged(rc, rc.actor.id, 'admin_logout', sessionHash);
      }
    },

    /** Validates and creates an admin user; records the change. */
    async createUser(rc: RequestContext, input: NewAdminUser): Promise<Result<{ id: number }>> {
      const problems = await validateUser(rc, input, undefined);
      if (problems.length) return { ok: false, kind: 'validation', messages: problems };
      const now = isoUtc(rc.app.clock.now());
      const id = await inTransaction(rc, async (trx) => {
        const newId = await adminUsersRepo.insertUser(trx.db, {
          username: input.username.trim(),
          email: input.email.trim().toLowerCase(),
          first_name: input.firstName.trim(),
          last_name: input.lastName.trim(),
          password_hash: await hashPassword(input.password),
          role_id: input.roleId,
          is_active: input.isActive === false ? 0 : 1,
          interface_locale: input.interfaceLocale ?? 'en_US',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        });
        await deps.actionLog().record(trx, {
          group: 'admin_permissions',
          action: 'Save',
          details: rc.t('Created admin user "{username}"', { username: input.username }),
          fullDetails: { userId: newId, username: input.username, email: input.email, roleId: input.roleId },
        });
        return newId;
      });
      return ok({ id });
    },

    /** The admin if it exists and is active. */
    async findActive(rc: RequestContext, id: number): Promise<AdminUserRow | undefined> {
      const user = await adminUsersRepo.byId(rc.db, id);
      return user && user.is_active === 1 ? user : undefined;
    },

    /** Checks the acting admin's own password ("Your Password" on user and role forms). */
    async confirmActingPassword(rc: RequestContext, password: string): Promise<boolean> {
      if (rc.actor.type !== 'admin') return false;
      const me = await adminUsersRepo.byId(rc.db, rc.actor.id);
      return !!me && (await verifyPassword(me.password_hash, password));
    },

    /**
     * Updates an admin user. Refuses changes that would leave no active administrator able to manage roles,
     * and an admin deactivating themself. A new role, deactivation or a new password ends that user's sessions.
     */
    async updateUser(rc: RequestContext, id: number, input: NewAdminUser & { isActive: boolean }): Promise<Result<{ id: number }>> {
      const before = await adminUsersRepo.byId(rc.db, id);
      if (!before) return refused(rc.t('This user no longer exists.'), 'not_found');
      const problems = await validateUser(rc, input, id, { passwordOptional: true });
      if (problems.length) return { ok: false, kind: 'validation', messages: problems };
      if (rc.actor.type === 'admin' && rc.actor.id === id && !input.isActive) return refused(rc.t('You cannot deactivate your own account.'), 'forbidden');
      const losesAccess = !input.isActive || input.roleId !== before.role_id;
      if (losesAccess && (await isLastManager(rc, before))) {
        const target = input.roleId === null ? undefined : await adminUsersRepo.roleById(rc.db, input.roleId);
        const stillManages =
          input.isActive && target && (target.all_resources === 1 || (await adminUsersRepo.roleResources(rc.db, target.id)).includes(MANAGE_ROLES));
        if (!stillManages) return refused(rc.t('You cannot lock out the last administrator who can manage users and roles.'), 'conflict');
      }
      const now = isoUtc(rc.app.clock.now());
      const patch = {
        username: input.username.trim(),
        email: input.email.trim().toLowerCase(),
        first_name: input.firstName.trim(),
        last_name: input.lastName.trim(),
        role_id: input.roleId,
        is_active: input.isActive ? 1 : 0,
        interface_locale: input.interfaceLocale ?? before.interface_locale,
        updated_at: now,
        ...(input.password ? { password_hash: await hashPassword(input.password) } : {}),
      };
      const endSessions = losesAccess || !!input.password;
      await inTransaction(rc, async (trx) => {
        await adminUsersRepo.updateUser(trx.db, id, patch);
        if (endSessions) await deps.sessions.destroyAllFor(trx.db, 'admin', id);
        await deps.actionLog().record(trx, {
          group: 'admin_permissions',
          action: 'Save',
          details: rc.t('Updated admin user "{username}"', { username: patch.username }),
          fullDetails: {
            userId: id,
            changes: diff(before, patch, ['username', 'email', 'first_name', 'last_name', 'role_id', 'is_active', 'interface_locale']),
            passwordChanged: !!input.password,
          },
        });
      });
      // Every end of the user's admin-panel sessions is told with its own reason.
      if (endSessions)
        await notifyAccessChanged(
          rc,
          id,
          !input.isActive ? 'admin_disabled' : input.roleId !== before.role_id ? 'admin_role_changed' : 'admin_password_changed',
        );
      return ok({ id });
    },

    /** Deletes an admin user (never yourself, never the last administrator); ends its sessions. */
    async deleteUser(rc: RequestContext, id: number): Promise<Result<{ username: string }>> {
      const user = await adminUsersRepo.byId(rc.db, id);
      if (!user) return refused(rc.t('This user no longer exists.'), 'not_found');
      if (rc.actor.type === 'admin' && rc.actor.id === id) return refused(rc.t('You cannot delete your own account.'), 'forbidden');
      if (await isLastManager(rc, user)) return refused(rc.t('You cannot lock out the last administrator who can manage users and roles.'), 'conflict');
      await inTransaction(rc, async (trx) => {
        await deps.sessions.destroyAllFor(trx.db, 'admin', id);
        await adminUsersRepo.deleteUser(trx.db, id);
        await deps.actionLog().record(trx, {
          group: 'admin_permissions',
          action: 'Delete',
          details: rc.t('Deleted admin user "{username}"', { username: user.username }),
          fullDetails: { userId: id, username: user.username, email: user.email, roleId: user.role_id },
        });
      });
      await notifyAccessChanged(rc, id, 'admin_deleted');
      return ok({ username: user.username });
    },

    /**
     * Updates a role's name and resources. Refuses a change that leaves no active administrator able to manage
     * roles. Users of the role keep their sessions but features depending on a lost permission are told.
     */
    async updateRole(rc: RequestContext, id: number, input: { name: string; all: boolean; resources: string[] }): Promise<Result<{ id: number }>> {
      const role = await adminUsersRepo.roleById(rc.db, id);
      if (!role) return refused(rc.t('This role no longer exists.'), 'not_found');
      const name = input.name.trim();
      if (!name) return refused(rc.t('Role Name is required.'));
      const same = await adminUsersRepo.roleByName(rc.db, name);
      if (same && same.id !== id) return refused(rc.t('A role with the same name already exists.'), 'conflict');
      const resources = normalizeResources(deps.registry, input.resources);
      if (!resources.ok) return resources;
      const beforeResources = await adminUsersRepo.roleResources(rc.db, id);
      const willManage = input.all || resources.value.includes(MANAGE_ROLES);
      if (!willManage) {
        const others = await adminUsersRepo.countActiveWith(rc.db, MANAGE_ROLES, undefined, id);
        if (others === 0) return refused(rc.t('You cannot lock out the last administrator who can manage users and roles.'), 'conflict');
      }
      const now = isoUtc(rc.app.clock.now());
      await inTransaction(rc, async (trx) => {
        await adminUsersRepo.updateRole(trx.db, id, { name, all_resources: input.all ? 1 : 0, updated_at: now });
        await adminUsersRepo.replaceRoleResources(trx.db, id, input.all ? [] : resources.value);
        await deps.actionLog().record(trx, {
          group: 'admin_permissions',
          action: 'Save',
          details: rc.t('Updated role "{name}"', { name }),
          fullDetails: {
            roleId: id,
            name: { old: role.name, new: name },
            all: { old: role.all_resources === 1, new: input.all },
            resources: { old: role.all_resources === 1 ? 'all' : beforeResources, new: input.all ? 'all' : resources.value },
          },
        });
      });
      for (const user of await adminUsersRepo.usersInRole(rc.db, id)) await notifyAccessChanged(rc, user.id, 'permission_removed');
      return ok({ id });
    },

    /** Deletes a role that no user is assigned to. */
    async deleteRole(rc: RequestContext, id: number): Promise<Result<{ name: string }>> {
      const role = await adminUsersRepo.roleById(rc.db, id);
      if (!role) return refused(rc.t('This role no longer exists.'), 'not_found');
      const users = await adminUsersRepo.countUsersInRole(rc.db, id);
      if (users > 0) return refused(rc.t('This role still has {count} user(s). Assign them to another role first.', { count: users }), 'conflict');
      await inTransaction(rc, async (trx) => {
        await adminUsersRepo.deleteRole(trx.db, id);
        await deps.actionLog().record(trx, {
          group: 'admin_permissions',
          action: 'Delete',
          details: rc.t('Deleted role "{name}"', { name: role.name }),
          fullDetails: { roleId: id, name: role.name },
        });
      });
      return ok({ name: role.name });
    },

    /** Clears a lockout (CLI admin:user:unlock and the admin grid). */
    async unlock(rc: RequestContext, username: string): Promise<Result<{ id: number }>> {
      const user = await adminUsersRepo.byUsername(rc.db, username);
      if (!user) return refused(rc.t('Couldn\'t find the user account "{username}".', { username }), 'not_found');
      await inTransaction(rc, async (trx) => {
        await adminUsersRepo.updateUser(trx.db, user.id, { failed_logins: 0, locked_until: null });
        await deps.actionLog().record(trx, { group: 'admin_permissions', action: 'Unlock', details: rc.t('Unlocked admin user "{username}"', { username }) });
      });
      return ok({ id: user.id });
    },

    /** Creates a role with Resource Access All or a custom set of resources (ancestors added automatically). */
    async createRole(rc: RequestContext, input: { name: string; all: boolean; resources: string[] }): Promise<Result<{ id: number }>> {
      const name = input.name.trim();
      if (!name) return refused(rc.t('Role Name is required.'));
      if (await adminUsersRepo.roleByName(rc.db, name)) return refused(rc.t('A role with the same name already exists.'), 'conflict');
      const resources = normalizeResources(deps.registry, input.resources);
      if (!resources.ok) return resources;
      const now = isoUtc(rc.app.clock.now());
      const id = await inTransaction(rc, async (trx) => {
        const roleId = await adminUsersRepo.insertRole(trx.db, { name, all_resources: input.all ? 1 : 0, created_at: now, updated_at: now });
        await adminUsersRepo.replaceRoleResources(trx.db, roleId, input.all ? [] : resources.value);
        await deps.actionLog().record(trx, {
          group: 'admin_permissions',
          action: 'Save',
          details: rc.t('Created role "{name}"', { name }),
          fullDetails: { roleId, name, all: input.all, resources: input.all ? 'all' : resources.value },
        });
        return roleId;
      });
      return ok({ id });
    },

    /** An admin user by id, active or not (read with the request's handle). */
    byId: (rc: RequestContext, id: number) => adminUsersRepo.byId(rc.db, id),
  };
}

/** Rejects unknown resource ids and adds every ancestor of a chosen resource, as the tree UI shows it. */
export function normalizeResources(registry: Registry, ids: string[]): Result<string[]> {
  const out = new Set<string>();
  for (const id of ids) {
    if (!registry.resources.has(id)) return refused(`Unknown resource "${id}".`); // only from a tampered form
    for (const a of registry.ancestry(id)) out.add(a);
  }
  return ok([...out].sort());
}

async function validateUser(
  rc: RequestContext,
  input: NewAdminUser,
  existingId: number | undefined,
  opts: { passwordOptional?: boolean } = {},
): Promise<string[]> {
  const t = rc.t;
  const problems: string[] = [];
  if (!/^[\w.@-]{1,40}$/.test(input.username.trim())) problems.push(t('User Name must be 1–40 letters, digits, or . _ - @.'));
  if (!input.firstName.trim()) problems.push(t('First Name is required.'));
  if (!input.lastName.trim()) problems.push(t('Last Name is required.'));
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) problems.push(t('Please enter a valid email address.'));
  const pw = opts.passwordOptional && !input.password ? null : passwordProblem(input.password);
  if (pw) problems.push(t(pw));
  if (input.interfaceLocale && !isSupportedLocale(input.interfaceLocale)) problems.push(t('Choose a listed interface locale.'));
  if (input.roleId !== null && !(await adminUsersRepo.roleById(rc.db, input.roleId))) problems.push(t('The chosen role does not exist.'));
  const byName = await adminUsersRepo.byUsername(rc.db, input.username.trim());
  if (byName && byName.id !== existingId) problems.push(t('A user with the same user name or email already exists.'));
  else {
    const byEmail = await adminUsersRepo.byEmail(rc.db, input.email.trim().toLowerCase());
    if (byEmail && byEmail.id !== existingId) problems.push(t('A user with the same user name or email already exists.'));
  }
  return problems;
}

/** Managing roles is what it takes to undo a lockout, so at least one active admin must keep it. */
export const MANAGE_ROLES = 'system.permissions.roles';

/** Whether this (active) user is the only active admin who can manage roles. */
async function isLastManager(rc: RequestContext, user: AdminUserRow): Promise<boolean> {
  if (user.is_active !== 1) return false;
  const others = await adminUsersRepo.countActiveWith(rc.db, MANAGE_ROLES, user.id);
  return others === 0;
}

/** Old → new for the listed fields that changed. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>, keys: string[]) {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of keys) if (k in after && before[k] !== after[k]) out[k] = { old: before[k], new: after[k] };
  return out;
}

export type AdminUsersService = ReturnType<typeof createAdminUsersService>;

declare module '../../kernel/services.ts' {
  interface Services {
    adminUsers: AdminUsersService;
  }
}
