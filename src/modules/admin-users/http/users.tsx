import { flashNext } from '../../../http/flash.ts';
import { idOf, queryOf } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { SUPPORTED_LOCALES } from '../../../kernel/i18n.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, PostButton, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid, withQuery, type GridColumn } from '../../../ui/grid.tsx';
import type { Services } from '../../../kernel/services.ts';
import type { RouteRegistrar } from '../../types.ts';
import { userFormFrom } from './forms.ts';
import { ADMIN_USERS_RESOURCE } from '../public.ts';
import type { AdminUserRow } from '../service.ts';

const RESOURCE = ADMIN_USERS_RESOURCE;
const BASE = '/admin/system/users';
const PAGE_SIZE = 20;

// An id within the database's integer range (a longer number is no row, not a failed query).
const idParam = idOf;

interface UserForm {
  id?: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  interfaceLocale: string;
  isActive: boolean;
  roleId: number | null;
}

const fromRow = (u: Omit<AdminUserRow, 'password_hash'>): UserForm => ({
  id: u.id,
  username: u.username,
  firstName: u.first_name,
  lastName: u.last_name,
  email: u.email,
  interfaceLocale: u.interface_locale,
  isActive: u.is_active === 1,
  roleId: u.role_id,
});

type ListedUser = Awaited<ReturnType<Services['adminUsers']['users']>>[number];
type RoleRow = Awaited<ReturnType<Services['adminUsers']['roles']>>[number];

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

function userColumns(rc: RequestContext, roles: RoleRow[], now: string): GridColumn<ListedUser>[] {
  const t = rc.t;
  const statuses = [
    { value: '1', label: t('Active') },
    { value: '0', label: t('Inactive') },
  ];
  const editLink = (u: ListedUser) => (
    <a href={`${BASE}/${u.id}/edit`} safe>
      {u.username}
    </a>
  );
  const locked = (u: ListedUser) =>
    u.locked_until && u.locked_until > now ? <PostButton rc={rc} action={`${BASE}/${u.id}/unlock`} label={t('Unlock')} /> : <span safe>{t('No')}</span>;
  return [
    { label: t('ID'), value: (u) => u.id, filter: { type: 'text', name: 'id' }, sort: 'id' },
    { label: t('User Name'), cell: editLink, filter: { type: 'text', name: 'username' }, sort: 'username' },
    { label: t('First Name'), value: (u) => u.first_name, filter: { type: 'text', name: 'firstname' } },
    { label: t('Last Name'), value: (u) => u.last_name, filter: { type: 'text', name: 'lastname' } },
    { label: t('Email'), value: (u) => u.email, filter: { type: 'text', name: 'email' }, sort: 'email' },
    { label: t('Role'), value: (u) => u.role_name ?? '', filter: { type: 'select', name: 'role', options: roles.map((r) => ({ value: String(r.id), label: r.name })) } },
    { label: t('Status'), value: (u) => (u.is_active === 1 ? t('Active') : t('Inactive')), filter: { type: 'select', name: 'status', options: statuses } },
    { label: t('Locked'), cell: locked },
  ];
}

async function userGrid(rc: RequestContext, q: Record<string, string | undefined>) {
  const t = rc.t;
  const roles = await rc.app.services.adminUsers.roles(rc);
  const now = rc.app.clock.now().toISOString();
  const sortKey = (q.sort ?? 'id') as 'id' | 'username' | 'email';
  const dir = q.dir === 'desc' ? -1 : 1;
  const users = filteredUsers(await rc.app.services.adminUsers.users(rc), q, sortKey, dir);
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(q.page)) || 1));
  const shown = users.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return adminPage(rc, {
    title: t('Users'),
    active: 'system',
    actions: (
      <a class="action-primary" href={`${BASE}/new`} safe>
        {t('Add New User')}
      </a>
    ),
    content: (
      <Grid
        rc={rc}
        id="permissionsUserGrid"
        action={BASE}
        query={q}
        rows={shown}
        sort={{ key: sortKey, dir: dir === 1 ? 'asc' : 'desc' }}
        pager={{
          summary: t('{count} records found', { count: users.length }),
          prevUrl: page > 1 ? withQuery(BASE, q, { page: String(page - 1) }) : undefined,
          nextUrl: page * PAGE_SIZE < users.length ? withQuery(BASE, q, { page: String(page + 1) }) : undefined,
        }}
        columns={userColumns(rc, roles, now)}
      />
    ),
  });
}

async function userFormPage(rc: RequestContext, form: UserForm, errors: string[] = []) {
  const t = rc.t;
  const roles = await rc.app.services.adminUsers.roles(rc);
  const isNew = form.id === undefined;
  return adminPage(rc, {
    title: isNew ? t('New User') : t('Edit User "{username}"', { username: form.username }),
    active: 'system',
    actions: (
      <>
        <a class="action-secondary" href={BASE} safe>
          {t('Back')}
        </a>
        {isNew ? (
          ''
        ) : (
          <a class="action-secondary action-delete" href={`${BASE}/${form.id}/delete`} safe>
            {t('Delete User')}
          </a>
        )}
        <button type="reset" form="user-edit-form" class="action-secondary" safe>
          {t('Reset')}
        </button>
        <button type="submit" form="user-edit-form" class="action-primary" safe>
          {t('Save User')}
        </button>
      </>
    ),
    content: (
      <div class="tabs-layout">
        <nav class="tabs-nav" aria-label={t('User Information')}>
          <h3 safe>{t('User Information')}</h3>
          <a href="#user-info" safe>
            {t('User Info')}
          </a>
          <a href="#user-role" safe>
            {t('User Role')}
          </a>
        </nav>
        <div class="tabs-content">
          <FormErrors messages={errors} />
          <form method="post" action={`${BASE}/save`} id="user-edit-form">
            <FormKey rc={rc} />
            {isNew ? '' : <input type="hidden" name="user_id" value={String(form.id)} />}
            <fieldset id="user-info">
              <legend safe>{t('Account Information')}</legend>
              <TextField name="username" label={t('User Name')} value={form.username} required autocomplete="off" />
              <TextField name="firstname" label={t('First Name')} value={form.firstName} required />
              <TextField name="lastname" label={t('Last Name')} value={form.lastName} required />
              <TextField name="email" type="email" label={t('Email')} value={form.email} required />
              <TextField name="password" type="password" label={t('Password')} required={isNew} autocomplete="new-password" note={isNew ? undefined : t('Leave empty to keep the current password.')} />
              <TextField name="password_confirmation" type="password" label={t('Password Confirmation')} required={isNew} autocomplete="new-password" />
              <SelectField name="interface_locale" label={t('Interface Locale')} value={form.interfaceLocale} options={SUPPORTED_LOCALES.map((l) => ({ value: l.code, label: l.label }))} />
              <CheckboxField name="is_active" label={t('This account is active')} checked={form.isActive} />
            </fieldset>
            <fieldset id="user-role">
              <legend safe>{t('User Role')}</legend>
              {roles.length === 0 ? <p safe>{t('There are no roles yet.')}</p> : ''}
              {roles.map((r) => (
                <div class="field choice">
                  <input type="radio" id={`role-${r.id}`} name="role_id" value={String(r.id)} checked={form.roleId === r.id} />
                  <label for={`role-${r.id}`} safe>
                    {r.name}
                  </label>
                </div>
              ))}
            </fieldset>
            <fieldset>
              <legend safe>{t('Current User Identity Verification')}</legend>
              <TextField name="current_password" type="password" label={t('Your Password')} required autocomplete="current-password" />
            </fieldset>
          </form>
        </div>
      </div>
    ),
  });
}

/** The confirmation before deleting a user (works without JavaScript). */
function deleteUserPage(rc: RequestContext, user: { id: number; username: string }) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Delete User'),
    active: 'system',
    content: (
      <form method="post" action={`${BASE}/${user.id}/delete`} class="confirm-delete">
        <FormKey rc={rc} />
        <p safe>{t('Are you sure you want to delete the user "{username}"? This cannot be undone.', { username: user.username })}</p>
        <a class="action-secondary" href={`${BASE}/${user.id}/edit`} safe>
          {t('Cancel')}
        </a>{' '}
        <button type="submit" class="action-primary" safe>
          {t('Delete User')}
        </button>
      </form>
    ),
  });
}

export function userRoutes(r: RouteRegistrar) {
  const opts = (action: string) => ({ resource: RESOURCE, actionName: `adminhtml_user_${action}` });

  r.adminGet('/system/users', opts('index'), (req, _reply, rc) => userGrid(rc, queryOf(req)));

  r.adminGet('/system/users/new', opts('new'), (_req, _reply, rc) =>
    userFormPage(rc, { username: '', firstName: '', lastName: '', email: '', interfaceLocale: 'en_US', isActive: true, roleId: null }),
  );

  r.adminGet('/system/users/:id/edit', opts('edit'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const user = id ? await rc.app.services.adminUsers.user(rc, id) : undefined;
    return user ? userFormPage(rc, fromRow(user)) : reply.callNotFound();
  });

  r.adminPost('/system/users/save', opts('save'), async (req, reply, rc) => {
    const t = rc.t;
    const { form, password, confirmation, currentPassword } = userFormFrom(req.body);
    const id = form.id;
    const again = async (errors: string[]) => {
      reply.code(400);
      return userFormPage(rc, form, errors);
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
