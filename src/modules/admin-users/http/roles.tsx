import { flashNext } from '../../../http/flash.ts';
import { idOf, queryOf } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid } from '../../../ui/grid.tsx';
import type { AclNode } from '../../registry.ts';
import type { RouteRegistrar } from '../../types.ts';
import { roleFormFrom } from './forms.ts';
import { ADMIN_ROLES_RESOURCE } from '../public.ts';

const RESOURCE = ADMIN_ROLES_RESOURCE;
const BASE = '/admin/system/roles';

// An id within the database's integer range (a longer number is no row, not a failed query).
const idParam = idOf;

interface RoleForm {
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

async function roleFormPage(rc: RequestContext, form: RoleForm, errors: string[] = []) {
  const t = rc.t;
  const isNew = form.id === undefined;
  const users = form.id ? await rc.app.services.adminUsers.usersInRole(rc, form.id) : [];
  return adminPage(rc, {
    title: isNew ? t('New Role') : t('Edit Role "{name}"', { name: form.name }),
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
            {t('Delete Role')}
          </a>
        )}
        <button type="reset" form="role-edit-form" class="action-secondary" safe>
          {t('Reset')}
        </button>
        <button type="submit" form="role-edit-form" class="action-primary" safe>
          {t('Save Role')}
        </button>
      </>
    ),
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
          <form method="post" action={`${BASE}/save`} id="role-edit-form">
            <FormKey rc={rc} />
            {isNew ? '' : <input type="hidden" name="role_id" value={String(form.id)} />}
            <fieldset id="role-info">
              <legend safe>{t('Role Info')}</legend>
              <TextField name="rolename" label={t('Role Name')} value={form.name} required maxlength={100} />
              <TextField name="current_password" type="password" label={t('Your Password')} required autocomplete="current-password" />
            </fieldset>
            <fieldset id="role-resources">
              <legend safe>{t('Role Resources')}</legend>
              <SelectField
                name="all"
                id="all"
                label={t('Resource Access')}
                value={form.all ? '1' : '0'}
                options={[
                  { value: '0', label: t('Custom') },
                  { value: '1', label: t('All') },
                ]}
              />
              <div class="resource-tree" data-role="resource-tree">
                <ResourceTree rc={rc} nodes={rc.app.registry.aclTree()} checked={form.resources} />
              </div>
            </fieldset>
          </form>
          {isNew ? (
            ''
          ) : (
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
          )}
        </div>
      </div>
    ),
  });
}

export function roleRoutes(r: RouteRegistrar) {
  const opts = (action: string) => ({ resource: RESOURCE, actionName: `adminhtml_user_role_${action}` });

  r.adminGet('/system/roles', opts('index'), async (req, _reply, rc) => {
    const t = rc.t;
    const q = queryOf(req);
    const roles = (await rc.app.services.adminUsers.roles(rc)).filter((role) => !q.name || role.name.toLowerCase().includes(q.name.toLowerCase()));
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
          rows={roles}
          columns={[
            { label: t('ID'), value: (role) => role.id },
            {
              label: t('Role Name'),
              cell: (role) => (
                <a href={`${BASE}/${role.id}/edit`} safe>
                  {role.name}
                </a>
              ),
              filter: { type: 'text', name: 'name' },
            },
            { label: t('Resource Access'), value: (role) => (role.all_resources === 1 ? t('All') : t('Custom')) },
          ]}
        />
      ),
    });
  });

  r.adminGet('/system/roles/new', opts('new'), (_req, _reply, rc) => roleFormPage(rc, { name: '', all: false, resources: new Set() }));

  r.adminGet('/system/roles/:id/edit', opts('edit'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const role = id ? await rc.app.services.adminUsers.role(rc, id) : undefined;
    if (!role) return reply.callNotFound();
    return roleFormPage(rc, { ...role, resources: new Set(role.resources) });
  });

  r.adminPost('/system/roles/save', opts('save'), async (req, reply, rc) => {
    const t = rc.t;
    const { id, name, all, resources, currentPassword } = roleFormFrom(req.body);
    const form: RoleForm = { id, name, all, resources: new Set(resources) };
    const again = async (errors: string[]) => {
      reply.code(400);
      return roleFormPage(rc, form, errors);
    };
    if (!(await rc.app.services.adminUsers.confirmActingPassword(rc, currentPassword)))
      return again([t('The password entered for the current user is invalid. Verify the password and try again.')]);
    const input = { name: form.name, all: form.all, resources };
    const result = id ? await rc.app.services.adminUsers.updateRole(rc, id, input) : await rc.app.services.adminUsers.createRole(rc, input);
    if (!result.ok) return again(result.messages);
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: t('You saved the role.') });
    return reply.redirect(BASE, 303);
  });

  r.adminGet('/system/roles/:id/delete', opts('delete'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const role = id ? await rc.app.services.adminUsers.role(rc, id) : undefined;
    if (!role) return reply.callNotFound();
    const t = rc.t;
    return adminPage(rc, {
      title: t('Delete Role'),
      active: 'system',
      content: (
        <form method="post" action={`${BASE}/${role.id}/delete`} class="confirm-delete">
          <FormKey rc={rc} />
          <p safe>{t('Are you sure you want to delete the role "{name}"? This cannot be undone.', { name: role.name })}</p>
          <a class="action-secondary" href={`${BASE}/${role.id}/edit`} safe>
            {t('Cancel')}
          </a>{' '}
          <button type="submit" class="action-primary" safe>
            {t('Delete Role')}
          </button>
        </form>
      ),
    });
  });

  r.adminPost('/system/roles/:id/delete', opts('delete'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id) ?? 0;
    const result = await rc.app.services.adminUsers.deleteRole(rc, id);
    if (!result.ok) {
      flashNext(reply, rc.app.env.cookieSecure, ...result.messages.map((text) => ({ type: 'error' as const, text })));
      return reply.redirect(id ? `${BASE}/${id}/edit` : BASE, 303);
    }
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('You deleted the role.') });
    return reply.redirect(BASE, 303);
  });
}
