import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Services } from '../../../kernel/services.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid, listPager, listSlice } from '../../../ui/grid.tsx';
import type { AclNode } from '../../registry.ts';
import { confirmDeletePage, EditActions } from './shared.tsx';

export const BASE = '/admin/system/roles';

export type RoleRow = Awaited<ReturnType<Services['adminUsers']['roles']>>[number];

export interface RoleForm {
  id?: number;
  name: string;
  all: boolean;
  resources: Set<string>;
}

/** The Role Resources tree: nested checkboxes; app.js checks children and ancestors as users expect. */
function ResourceTree({ rc, nodes, checked }: { rc: RequestContext; nodes: AclNode[]; checked: Set<string> }): JSX.Element {
  return (
    <ul>
      {nodes.map((n) => (
        <li>
          <label>
            <input type="checkbox" name="resource[]" value={n.id} checked={checked.has(n.id)} data-resource={n.id} /> <span safe>{rc.t(n.label)}</span>
          </label>
          {n.children.length ? <ResourceTree rc={rc} nodes={n.children} checked={checked} /> : ''}
        </li>
      ))}
    </ul>
  );
}

export type RoleUser = Awaited<ReturnType<Services['adminUsers']['usersInRole']>>[number];

function RoleUsers({ rc, form, users }: { rc: RequestContext; form: RoleForm; users: RoleUser[] }) {
  const t = rc.t;
  return (
    <fieldset id="role-users">
      <legend safe>{t('Role Users')}</legend>
      <Grid
        rc={rc}
        id="roleUsersGrid"
        action={`${BASE}/${form.id}/edit`}
        query={{}}
        rows={users}
        emptyText={t('No users are assigned to this role.')}
        columns={[
          { label: t('ID'), value: (u) => u.id },
          { label: t('User Name'), value: (u) => u.username },
          { label: t('First Name'), value: (u) => u.first_name },
          { label: t('Last Name'), value: (u) => u.last_name },
          { label: t('Email'), value: (u) => u.email },
          { label: t('Status'), value: (u) => (u.is_active === 1 ? t('Active') : t('Inactive')) },
        ]}
      />
    </fieldset>
  );
}

function RoleFields({ rc, form }: { rc: RequestContext; form: RoleForm }) {
  const t = rc.t;
  const access = [
    { value: '0', label: t('Custom') },
    { value: '1', label: t('All') },
  ];
  return (
    <form method="post" action={`${BASE}/save`} id="role-edit-form">
      <FormKey rc={rc} />
      {form.id === undefined ? '' : <input type="hidden" name="role_id" value={String(form.id)} />}
      <fieldset id="role-info">
        <legend safe>{t('Role Info')}</legend>
        <TextField name="rolename" label={t('Role Name')} value={form.name} required maxlength={100} />
        <TextField name="current_password" type="password" label={t('Your Password')} required autocomplete="current-password" />
      </fieldset>
      <fieldset id="role-resources">
        <legend safe>{t('Role Resources')}</legend>
        <SelectField name="all" id="all" label={t('Resource Access')} value={form.all ? '1' : '0'} options={access} />
        <div class="resource-tree" data-role="resource-tree">
          <ResourceTree rc={rc} nodes={rc.app.registry.aclTree()} checked={form.resources} />
        </div>
      </fieldset>
    </form>
  );
}

/** System > Permissions > User Roles > New / Edit: the role, its resources and (when it exists) its users. */
export function roleFormPage(rc: RequestContext, form: RoleForm, users: RoleUser[], errors: string[] = []) {
  const t = rc.t;
  const isNew = form.id === undefined;
  return adminPage(rc, {
    title: isNew ? t('New Role') : t('Edit Role "{name}"', { name: form.name }),
    active: 'system',
    actions: <EditActions rc={rc} target={{ base: BASE, id: form.id, formId: 'role-edit-form', deleteLabel: t('Delete Role'), saveLabel: t('Save Role') }} />,
    content: (
      <div class="tabs-layout">
        <nav class="tabs-nav" aria-label={t('Role Information')}>
          <h3 safe>{t('Role Information')}</h3>
          <a href="#role-info" safe>
            {t('Role Info')}
          </a>
          <a href="#role-resources" safe>
            {t('Role Resources')}
          </a>
          {isNew ? (
            ''
          ) : (
            <a href="#role-users" safe>
              {t('Role Users')}
            </a>
          )}
        </nav>
        <div class="tabs-content">
          <FormErrors messages={errors} />
          <RoleFields rc={rc} form={form} />
          {isNew ? '' : <RoleUsers rc={rc} form={form} users={users} />}
        </div>
      </div>
    ),
  });
}

/** System > Permissions > User Roles: the grid. */
export function rolesGridPage(rc: RequestContext, q: Record<string, string | undefined>, roles: RoleRow[]) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Roles'),
    active: 'system',
    actions: (
      <a class="action-primary" href={`${BASE}/new`} safe>
        {t('Add New Role')}
      </a>
    ),
    content: (
      <Grid
        rc={rc}
        id="roleGrid"
        action={BASE}
        query={q}
        rows={listSlice(roles, q)}
        pager={listPager(rc, BASE, q, roles.length)}
        columnsAction={`${BASE}/columns`}
        columns={[
          { label: t('ID'), key: 'id', value: (role) => role.id },
          {
            label: t('Role Name'),
            cell: (role) => (
              <a href={`${BASE}/${role.id}/edit`} safe>
                {role.name}
              </a>
            ),
            filter: { type: 'text', name: 'name' },
          },
          { label: t('Resource Access'), key: 'access', value: (role) => (role.all_resources === 1 ? t('All') : t('Custom')) },
        ]}
      />
    ),
  });
}

/** The confirmation before deleting a role. */
export const deleteRolePage = (rc: RequestContext, role: { id: number; name: string }) =>
  confirmDeletePage(rc, {
    base: BASE,
    id: role.id,
    label: rc.t('Delete Role'),
    question: rc.t('Are you sure you want to delete the role "{name}"? This cannot be undone.', { name: role.name }),
  });
