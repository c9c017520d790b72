import { flashNext } from '../../../http/flash.ts';
import { idOf, queryOf } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { ADMIN_USERS_RESOURCE } from '../public.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import { listPage, listSlice } from '../../../ui/grid.tsx';
import { BASE, deleteUserPage, fromRow, userFormPage, userGridPage, type ListedUser, type UserForm } from '../views/users.tsx';
import { userFormFrom } from './forms.ts';

const RESOURCE = ADMIN_USERS_RESOURCE;

// An id within the database's integer range (a longer number is no row, not a failed query).
const idParam = idOf;

/** The grid's filters and sort, applied in memory (admin users are few). */
function filteredUsers(all: ListedUser[], q: Record<string, string | undefined>, sortKey: 'id' | 'username' | 'email', dir: 1 | -1) {
  const match = (value: string, filter: string | undefined) => !filter || value.toLowerCase().includes(filter.toLowerCase());
  const users = all.filter(
    (u) =>
      match(String(u.id), q.id) &&
      match(u.username, q.username) &&
      match(u.first_name, q.firstname) &&
      match(u.last_name, q.lastname) &&
      match(u.email, q.email) &&
      (!q.role || String(u.role_id) === q.role) &&
      (!q.status || String(u.is_active) === q.status),
  );
  return users.sort((a, b) => (a[sortKey] < b[sortKey] ? -dir : a[sortKey] > b[sortKey] ? dir : 0));
}

async function userGrid(rc: RequestContext, q: Record<string, string | undefined>) {
  const roles = await rc.app.services.adminUsers.roles(rc);
  const now = rc.app.clock.now().toISOString();
  const sortKey = (q.sort ?? 'id') as 'id' | 'username' | 'email';
  const dir = q.dir === 'desc' ? -1 : 1;
  const users = filteredUsers(await rc.app.services.adminUsers.users(rc), q, sortKey, dir);
  const page = listPage(q, users.length);
  const shown = listSlice(users, q);
  return userGridPage(rc, { q, shown, total: users.length, page, sort: { key: sortKey, dir: dir === 1 ? 'asc' : 'desc' }, roles, now });
}

/** The user form with the roles to choose from. */
async function userForm(rc: RequestContext, form: UserForm, errors: string[] = []) {
  return userFormPage(rc, await rc.app.services.adminUsers.roles(rc), form, errors);
}

export function userRoutes(r: RouteRegistrar) {
  const opts = (action: string) => ({ resource: RESOURCE, actionName: `adminhtml_user_${action}` });

  r.adminGet('/system/users', opts('index'), (req, _reply, rc) => userGrid(rc, queryOf(req)));
  gridColumnsRoute(r, { path: '/system/users', resource: RESOURCE, grid: 'permissionsUserGrid', actionName: 'adminhtml_user_columns' });

  r.adminGet('/system/users/new', opts('new'), (_req, _reply, rc) =>
    userForm(rc, { username: '', firstName: '', lastName: '', email: '', interfaceLocale: 'en_US', isActive: true, roleId: null }),
  );

  r.adminGet('/system/users/:id/edit', opts('edit'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const user = id ? await rc.app.services.adminUsers.user(rc, id) : undefined;
    return user ? userForm(rc, fromRow(user)) : reply.callNotFound();
  });

  r.adminPost('/system/users/save', opts('save'), async (req, reply, rc) => {
    const t = rc.t;
    const { form, password, confirmation, currentPassword } = userFormFrom(req.body);
    const id = form.id;
    const again = async (errors: string[]) => {
      reply.code(400);
      return userForm(rc, form, errors);
    };
    if (!(await rc.app.services.adminUsers.confirmActingPassword(rc, currentPassword)))
      return again([t('The password entered for the current user is invalid. Verify the password and try again.')]);
    if (password !== confirmation) return again([t('Your password confirmation must match your password.')]);
    const input = { ...form, password };
    const result = id ? await rc.app.services.adminUsers.updateUser(rc, id, input) : await rc.app.services.adminUsers.createUser(rc, input);
    if (!result.ok) return again(result.messages);
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: t('You saved the user.') });
    return reply.redirect(BASE, 303);
  });

  // Deleting is confirmed on its own page (works without JavaScript).
  r.adminGet('/system/users/:id/delete', opts('delete'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const user = id ? await rc.app.services.adminUsers.user(rc, id) : undefined;
    if (!user) return reply.callNotFound();
    return deleteUserPage(rc, user);
  });

  r.adminPost('/system/users/:id/delete', opts('delete'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id) ?? 0;
    const result = await rc.app.services.adminUsers.deleteUser(rc, id);
    if (!result.ok) {
      flashNext(reply, rc.app.env.cookieSecure, ...result.messages.map((text) => ({ type: 'error' as const, text })));
      return reply.redirect(id ? `${BASE}/${id}/edit` : BASE, 303);
    }
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('You deleted the user.') });
    return reply.redirect(BASE, 303);
  });

  r.adminPost('/system/users/:id/unlock', opts('unlock'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const user = id ? await rc.app.services.adminUsers.user(rc, id) : undefined;
    if (!user) return reply.callNotFound();
    await rc.app.services.adminUsers.unlock(rc, user.username);
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('Unlocked {username}.', { username: user.username }) });
    return reply.redirect(BASE, 303);
  });
}
