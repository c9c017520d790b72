import { flashNext } from '../../../http/flash.ts';
import { idOf, queryOf } from '../../../http/form.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { BASE, deleteRolePage, roleFormPage, rolesGridPage, type RoleForm } from '../views/roles.tsx';
import { roleFormFrom } from './forms.ts';
import { ADMIN_ROLES_RESOURCE } from '../public.ts';

const RESOURCE = ADMIN_ROLES_RESOURCE;

// An id within the database's integer range (a longer number is no row, not a failed query).
const idParam = idOf;

export function roleRoutes(r: RouteRegistrar) {
  const opts = (action: string) => ({ resource: RESOURCE, actionName: `adminhtml_user_role_${action}` });

  r.adminGet('/system/roles', opts('index'), async (req, _reply, rc) => {
    const q = queryOf(req);
    const roles = (await rc.app.services.adminUsers.roles(rc)).filter((role) => !q.name || role.name.toLowerCase().includes(q.name.toLowerCase()));
    return rolesGridPage(rc, q, roles);
  });
  gridColumnsRoute(r, { path: '/system/roles', resource: RESOURCE, grid: 'roleGrid', actionName: 'adminhtml_user_role_columns' });

  r.adminGet('/system/roles/new', opts('new'), (_req, _reply, rc) => roleFormPage(rc, { name: '', all: false, resources: new Set() }, []));

  r.adminGet('/system/roles/:id/edit', opts('edit'), async (req, reply, rc) => {
    const id = idParam((req.params as { id: string }).id);
    const role = id ? await rc.app.services.adminUsers.role(rc, id) : undefined;
    if (!role) return reply.callNotFound();
    const users = await rc.app.services.adminUsers.usersInRole(rc, role.id);
    return roleFormPage(rc, { ...role, resources: new Set(role.resources) }, users);
  });

  r.adminPost('/system/roles/save', opts('save'), async (req, reply, rc) => {
    const t = rc.t;
    const { id, name, all, resources, currentPassword } = roleFormFrom(req.body);
    const form: RoleForm = { id, name, all, resources: new Set(resources) };
    const again = async (errors: string[]) => {
      reply.code(400);
      return roleFormPage(rc, form, form.id ? await rc.app.services.adminUsers.usersInRole(rc, form.id) : [], errors);
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
    return deleteRolePage(rc, role);
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
