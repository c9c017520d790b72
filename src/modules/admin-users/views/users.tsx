import type { RequestContext } from '../../../kernel/request-context.ts';
import { SUPPORTED_LOCALES } from '../../../kernel/i18n.ts';
import type { Services } from '../../../kernel/services.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, PostButton, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid, listPager, type GridColumn } from '../../../ui/grid.tsx';
import type { AdminUserRow } from '../service.ts';
import { confirmDeletePage, EditActions } from './shared.tsx';

export const BASE = '/admin/system/users';

export interface UserForm {
  id?: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  interfaceLocale: string;
  isActive: boolean;
  roleId: number | null;
}

export const fromRow = (u: Omit<AdminUserRow, 'password_hash'>): UserForm => ({
  id: u.id,
  username: u.username,
  firstName: u.first_name,
  lastName: u.last_name,
  email: u.email,
  interfaceLocale: u.interface_locale,
  isActive: u.is_active === 1,
  roleId: u.role_id,
});

export type ListedUser = Awaited<ReturnType<Services['adminUsers']['users']>>[number];
export type RoleRow = Awaited<ReturnType<Services['adminUsers']['roles']>>[number];

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
    {
      label: t('Role'),
      value: (u) => u.role_name ?? '',
      filter: { type: 'select', name: 'role', options: roles.map((r) => ({ value: String(r.id), label: r.name })) },
    },
    { label: t('Status'), value: (u) => (u.is_active === 1 ? t('Active') : t('Inactive')), filter: { type: 'select', name: 'status', options: statuses } },
    { label: t('Locked'), cell: locked },
  ];
}

export interface UserGridData {
  q: Record<string, string | undefined>;
  /** This page's users, and how many match in all. */
  shown: ListedUser[];
  total: number;
  page: number;
  sort: { key: string; dir: 'asc' | 'desc' };
  roles: RoleRow[];
  now: string;
}

/** System > Permissions > All Users: the grid. */
export function userGridPage(rc: RequestContext, d: UserGridData) {
  const t = rc.t;
  const { q } = d;
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
        rows={d.shown}
        sort={d.sort}
        pager={listPager(rc, BASE, q, d.total)}
        columns={userColumns(rc, d.roles, d.now)}
        columnsAction={`${BASE}/columns`}
      />
    ),
  });
}

/** System > Permissions > All Users > New / Edit. */
// Long by design: one form's markup top to bottom (account, role, password confirmation).
export function userFormPage(rc: RequestContext, roles: RoleRow[], form: UserForm, errors: string[] = []) {
  const t = rc.t;
  const isNew = form.id === undefined;
  return adminPage(rc, {
    title: isNew ? t('New User') : t('Edit User "{username}"', { username: form.username }),
    active: 'system',
    actions: <EditActions rc={rc} target={{ base: BASE, id: form.id, formId: 'user-edit-form', deleteLabel: t('Delete User'), saveLabel: t('Save User') }} />,
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
              <TextField
                name="password"
                type="password"
                label={t('Password')}
                required={isNew}
                autocomplete="new-password"
                note={isNew ? undefined : t('Leave empty to keep the current password.')}
              />
              <TextField name="password_confirmation" type="password" label={t('Password Confirmation')} required={isNew} autocomplete="new-password" />
              <SelectField
                name="interface_locale"
                label={t('Interface Locale')}
                value={form.interfaceLocale}
                options={SUPPORTED_LOCALES.map((l) => ({ value: l.code, label: l.label }))}
              />
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
export const deleteUserPage = (rc: RequestContext, user: { id: number; username: string }) =>
  confirmDeletePage(rc, {
    base: BASE,
    id: user.id,
    label: rc.t('Delete User'),
    question: rc.t('Are you sure you want to delete the user "{username}"? This cannot be undone.', { username: user.username }),
  });
