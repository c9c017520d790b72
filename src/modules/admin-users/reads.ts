import type { RequestContext } from '../../kernel/request-context.ts';
import { adminUsersRepo, type AdminUserRow } from './repo.ts';

/** An admin user as the All Users grid shows it. */
export type AdminUserListed = Omit<AdminUserRow, 'password_hash'> & { role_name: string | null };

/** What the users and roles pages read, as plain data (never a password hash); part of the admin-users service. */
export const adminUsersReads = {
  /** Every role, by name (grids and the user form's role select). */
  roles: (rc: RequestContext) => adminUsersRepo.listRoles(rc.db),

  /** A role with its resources, or undefined. */
  async role(rc: RequestContext, id: number): Promise<{ id: number; name: string; all: boolean; resources: string[] } | undefined> {
    const role = await adminUsersRepo.roleById(rc.db, id);
    return role ? { id: role.id, name: role.name, all: role.all_resources === 1, resources: await adminUsersRepo.roleResources(rc.db, role.id) } : undefined;
  },

  /** The users a role is assigned to (the role form's Role Users tab). */
  usersInRole: (rc: RequestContext, roleId: number) => adminUsersRepo.usersInRole(rc.db, roleId),

  /** Every admin user with their role's name, without password hashes (the All Users grid). */
  async users(rc: RequestContext): Promise<AdminUserListed[]> {
    return (await adminUsersRepo.listUsers(rc.db)).map(({ password_hash: _hash, ...u }) => u);
  },

  /** One admin user without the password hash, or undefined. */
  async user(rc: RequestContext, id: number): Promise<Omit<AdminUserRow, 'password_hash'> | undefined> {
    const row = await adminUsersRepo.byId(rc.db, id);
    if (!row) return undefined;
    const { password_hash: _hash, ...user } = row;
    return user;
  },
};
