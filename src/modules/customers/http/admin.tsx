import type { FastifyReply } from 'fastify';
import { bodyOf, filterId, idOf, paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import { can, type RequestContext } from '../../../kernel/request-context.ts';
import { confirmationPage } from '../../../ui/admin-layout.tsx';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { sendCsv } from '../../../http/csv-download.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { CustomerTab, RouteRegistrar } from '../../types.ts';
import { consentActive, type Customer, type FormProblems } from '../public.ts';
import type { CustomerSort } from '../service/admin-pages.ts';
import { CUSTOMERS, customerGridPage } from '../views/admin-grid.tsx';
import { adminAddressPage, customerPage, type AccountForm } from '../views/admin-customer.tsx';
import { GROUPS, groupForm, groupsPage } from '../views/admin-groups.tsx';
import { TAX_PATHS } from '../../tax/index.ts';
import { newsletterTab, wishlistTab } from '../views/admin-tabs.tsx';
import { addressForm, addressValues, adminAccountForm, adminAccountInput, groupCodeForm, massActionForm, massDeleteForm } from './schemas.ts';

export { CUSTOMERS };
const RESOURCE = 'customers.all';
const GROUPS_RESOURCE = 'customers.groups';
const SORT_KEYS: readonly CustomerSort[] = ['id', 'email', 'lastname', 'created_at'];

const o = (actionName: string, resource = RESOURCE) => ({ resource, actionName });
const customers = (rc: RequestContext) => rc.app.services.customers;

/** Tabs on the customer edit page: this module's own plus those other modules declare (Orders, Shopping cart …). */
function allTabs(rc: RequestContext): { id: string; label: string }[] {
  const own = [
    { id: 'view', label: 'Customer View' },
    { id: 'account', label: 'Account Information' },
    { id: 'addresses', label: 'Addresses' },
  ];
  const extra = rc.app.registry.modules
    .flatMap((m) => m.customerTabs ?? [])
    .filter((tab) => can(rc, tab.resource))
    .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
  return [...own, ...extra.map((x) => ({ id: x.id, label: x.label }))];
}

function extraTab(rc: RequestContext, id: string): CustomerTab | undefined {
  return rc.app.registry.modules.flatMap((m) => m.customerTabs ?? []).find((x) => x.id === id && can(rc, x.resource));
}

/** The customer edit page: its data from the service, other modules' tabs and buttons from the registry. */
async function showCustomer(rc: RequestContext, c: Customer | undefined, tab: string, form?: AccountForm, problems?: FormProblems) {
  const tabs = c ? allTabs(rc) : [{ id: 'account', label: 'Account Information' }];
  const current = tabs.some((x) => x.id === tab) ? tab : tabs[0]!.id;
  const withButtons = rc.app.registry.modules.filter((m) => m.customerViewButtons);
  const who = c && { id: c.id, websiteId: c.website_id, storeViewId: c.store_view_id };
  const buttons = who ? await Promise.all(withButtons.map((m) => m.customerViewButtons!(rc, who))) : [];
  const data = await customers(rc).customerEditPage(rc, c, current);
  const own = ['account', 'view', 'addresses'].includes(current);
  const extra = own ? undefined : await extraTab(rc, current)!.render(rc, c!.id);
  return customerPage(rc, { customer: c, tabs, current, buttons, data, form, problems, extra });
}

/** A customer from the route's `:id`, or undefined. */
const customerOf = async (rc: RequestContext, req: { params: unknown }) => {
  const id = idOf((req.params as { id?: string }).id);
  return id ? customers(rc).customer(rc, id) : undefined;
};

/** The grid's filters from its query string (also the export's). */
function gridFilters(q: Record<string, string | undefined>) {
  return {
    keyword: q.search,
    id: q.id,
    name: q.name,
    email: q.email,
    groupId: filterId(q.group),
    websiteId: filterId(q.website),
    assistance: q.assistance === '1' || q.assistance === '0' ? q.assistance : undefined,
    createdFrom: q.created_from || undefined,
    createdTo: q.created_to ? `${q.created_to}T23:59:59.999Z` : undefined,
  } as const;
}

/** All Customers: the grid and its CSV export. */
function gridRoutes(r: RouteRegistrar) {
  gridColumnsRoute(r, { path: '/customers', resource: RESOURCE, grid: 'customer_listing', actionName: 'customer_index_columns' });
  r.adminGet('/customers', o('customer_index_index'), async (req, _reply, rc) => {
    const q = queryOf(req);
    const sort = SORT_KEYS.includes(q.sort as CustomerSort) ? (q.sort as CustomerSort) : 'id';
    const dir = q.dir === 'asc' ? 'asc' : 'desc';
    const data = await customers(rc).customerGrid(rc, gridFilters(q), { sort, dir, limit: pageSizeOf(q), cursor: cursorOf(q) });
    return customerGridPage(rc, q, { key: sort, dir }, data);
  });
  r.adminGet('/customers/export/csv', o('customer_index_exportCsv'), async (req, reply, rc) =>
    sendCsv(reply, rc, await customers(rc).exportCustomers(rc, gridFilters(queryOf(req)))),
  );
}

/** New / edit customer: the page, Save, Unlock and the Delete confirmation. */
function customerEditRoutes(r: RouteRegistrar) {
  r.adminGet('/customers/new', o('customer_index_new'), (_req, _reply, rc) => showCustomer(rc, undefined, 'account'));
  r.adminGet('/customers/:id/edit', o('customer_index_edit'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    if (!c) return reply.callNotFound();
    return showCustomer(rc, c, queryOf(req).tab ?? 'view');
  });

  const save = async (rc: RequestContext, reply: FastifyReply, b: Record<string, unknown>, c?: Customer) => {
    // The opt-in field counts only when it was submitted; a missing (disabled) field means "unchanged".
    const { form, input } = adminAccountInput(adminAccountForm.parse(b), c, await customers(rc).lacEnabled(rc));
    const result = await customers(rc).adminSave(rc, input, c?.id);
    if (result.ok) return redirectWith(reply, rc, `${CUSTOMERS}/${result.value}/edit?tab=view`, { type: 'success', text: rc.t('You saved the customer.') });
    reply.code(statusOf(result.kind));
    // Refused for the opt-in permission: the form shows the consent as it is, not as submitted.
    const asNow = c ? consentActive(c, rc.app.clock.now()) : false;
    if (result.kind === 'forbidden')
      return showCustomer(rc, c, 'account', { ...form, assistance: asNow, protection: c?.protected_reason ?? null }, { messages: result.messages });
    return showCustomer(rc, c, 'account', form, result);
  };
  r.adminPost('/customers/save', o('customer_index_save'), (req, reply, rc) => save(rc, reply, bodyOf(req)));
  r.adminPost('/customers/:id/save', o('customer_index_save'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    if (!c) return reply.callNotFound();
    return save(rc, reply, bodyOf(req), c);
  });

  r.adminPost('/customers/:id/unlock', o('customer_index_unlock'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    if (!c) return reply.callNotFound();
    const lifted = await customers(rc).unlock(rc, [c.id]);
    const back = `${CUSTOMERS}/${c.id}/edit?tab=view`;
    if (!lifted.length) return redirectWith(reply, rc, back, { type: 'notice', text: rc.t('This customer account is not locked.') });
    return redirectWith(reply, rc, back, { type: 'success', text: rc.t('You unlocked the customer account.') });
  });

  r.adminGet('/customers/:id/delete', o('customer_index_delete'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    if (!c) return reply.callNotFound();
    return confirmationPage(rc, {
      title: rc.t('Delete Customer'),
      question: rc.t('Are you sure you want to delete the customer {email}? Their orders are kept.', { email: c.email }),
      action: `${CUSTOMERS}/massDelete`,
      cancel: `${CUSTOMERS}/${c.id}/edit`,
      active: 'customers',
      hidden: { selected: [String(c.id)] },
    });
  });
}

/** The grid's mass actions and Delete. */
function massActionRoutes(r: RouteRegistrar) {
  const updated = (rc: RequestContext, count: number) => ({ type: 'success' as const, text: rc.t('A total of {count} record(s) were updated.', { count }) });
  r.adminPost('/customers/massAction', o('customer_index_massAction'), async (req, reply, rc) => {
    const { selected, mass_action: action, group_id: groupId } = massActionForm.parse(bodyOf(req));
    if (!selected.length) return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t('Please select item(s).') });
    if (action === 'delete') {
      const question = rc.t('Are you sure you want to delete {count} selected customer(s)? Their orders are kept.', { count: selected.length });
      const hidden = { selected: selected.map(String) };
      return confirmationPage(rc, { title: rc.t('Delete items'), question, action: `${CUSTOMERS}/massDelete`, cancel: CUSTOMERS, active: 'customers', hidden });
    }
    if (action === 'subscribe' || action === 'unsubscribe') {
      await customers(rc).setNewsletter(rc, selected, action === 'subscribe');
      return redirectWith(reply, rc, CUSTOMERS, updated(rc, selected.length));
    }
    if (action === 'unlock') {
      const lifted = await customers(rc).unlock(rc, selected);
      if (!lifted.length) return redirectWith(reply, rc, CUSTOMERS, { type: 'notice', text: rc.t('None of the selected customer accounts is locked.') });
      return redirectWith(reply, rc, CUSTOMERS, {
        type: 'success',
        text: rc.t('A total of {count} customer account(s) were unlocked.', { count: lifted.length }),
      });
    }
    if (action === 'assign_group') {
      const result = await customers(rc).assignGroup(rc, selected, groupId ?? -1);
      if (!result.ok) return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t(result.messages[0]!) });
      return redirectWith(reply, rc, CUSTOMERS, updated(rc, selected.length));
    }
    return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t('Please select an action.') });
  });
  r.adminPost('/customers/massDelete', o('customer_index_massDelete'), async (req, reply, rc) => {
    const { selected } = massDeleteForm.parse(bodyOf(req));
    if (!selected.length) return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t('Please select item(s).') });
    await customers(rc).adminDelete(rc, selected);
    return redirectWith(reply, rc, CUSTOMERS, { type: 'success', text: rc.t('A total of {count} record(s) were deleted.', { count: selected.length }) });
  });
}

/** A customer's addresses in the admin. */
function adminAddressRoutes(r: RouteRegistrar) {
  r.adminGet('/customers/:id/address/new', o('customer_address_new'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    if (!c) return reply.callNotFound();
    return adminAddressPage(rc, c, { firstname: c.firstname, lastname: c.lastname, countryId: 'US' });
  });
  r.adminGet('/customers/:id/address/:addressId/edit', o('customer_address_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const addressId = paramId(req, 'addressId');
    const form = id && addressId ? await customers(rc).addressForm(rc, id, addressId) : undefined;
    const a = form?.address;
    if (!form || !a) return reply.callNotFound();
    const v = addressValues(a);
    return adminAddressPage(rc, form.customer, v, a.id);
  });
  const saveAddress = async (rc: RequestContext, reply: FastifyReply, c: Customer, b: Record<string, unknown>, addressId?: number) => {
    const input = addressForm.parse(b);
    const result = await customers(rc).saveAddress(rc, c.id, input, addressId);
    if (!result.ok) {
      reply.code(statusOf(result.kind));
      return adminAddressPage(rc, c, input, addressId, result);
    }
    return redirectWith(reply, rc, `${CUSTOMERS}/${c.id}/edit?tab=addresses`, { type: 'success', text: rc.t('You saved the address.') });
  };
  r.adminPost('/customers/:id/address/save', o('customer_address_save'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    if (!c) return reply.callNotFound();
    return saveAddress(rc, reply, c, bodyOf(req));
  });
  r.adminPost('/customers/:id/address/:addressId/save', o('customer_address_save'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    const addressId = paramId(req, 'addressId');
    if (!c || !addressId) return reply.callNotFound();
    return saveAddress(rc, reply, c, bodyOf(req), addressId);
  });
  r.adminPost('/customers/:id/address/:addressId/delete', o('customer_address_delete'), async (req, reply, rc) => {
    const c = await customerOf(rc, req);
    const addressId = paramId(req, 'addressId');
    if (!c || !addressId) return reply.callNotFound();
    const result = await customers(rc).deleteAddress(rc, c.id, addressId);
    const back = `${CUSTOMERS}/${c.id}/edit?tab=addresses`;
    if (!result.ok) return redirectWith(reply, rc, back, { type: 'error', text: rc.t(result.messages[0]!) });
    return redirectWith(reply, rc, back, { type: 'success', text: rc.t('You deleted the address.') });
  });
}

/** Customer Groups: list, new, edit, save, delete. */
function groupRoutes(r: RouteRegistrar) {
  const g = (actionName: string) => o(actionName, GROUPS_RESOURCE);
  gridColumnsRoute(r, { path: '/customers/groups', resource: GROUPS_RESOURCE, grid: 'customer_group_listing', actionName: 'customer_group_columns' });
  r.adminGet('/customers/groups', g('customer_group_index'), async (req, _reply, rc) => {
    const { groups, counts } = await customers(rc).groupsOverview(rc);
    return groupsPage(rc, queryOf(req), groups, counts);
  });
  const classes = async (rc: RequestContext) => ({
    options: (await rc.app.services.tax.classes(rc))
      .filter((c) => c.class_type === 'CUSTOMER')
      .map((c) => ({ value: String(c.id), label: rc.t(c.class_name) })),
    fallback: await rc.app.services.config.getInt(TAX_PATHS.defaultCustomerClass),
  });
  r.adminGet('/customers/groups/new', g('customer_group_new'), async (_req, _reply, rc) => groupForm(rc, '', await classes(rc)));
  r.adminGet('/customers/groups/:id/edit', g('customer_group_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const group = id ? await customers(rc).group(rc, id) : undefined;
    if (!group) return reply.callNotFound();
    return groupForm(rc, group.code, { ...(await classes(rc)), value: group.tax_class_id }, group.id, group.is_system === 1);
  });
  const saveGroup = async (rc: RequestContext, reply: FastifyReply, form: { code: string; tax_class_id?: number }, id?: number) => {
    const { code } = form;
    const result = await customers(rc).saveGroup(rc, code, id, form.tax_class_id);
    if (!result.ok) {
      reply.code(statusOf(result.kind));
      return groupForm(rc, code, { ...(await classes(rc)), value: form.tax_class_id }, id, false, result);
    }
    return redirectWith(reply, rc, GROUPS, { type: 'success', text: rc.t('You saved the customer group.') });
  };
  r.adminPost('/customers/groups/save', g('customer_group_save'), (req, reply, rc) => saveGroup(rc, reply, groupCodeForm.parse(bodyOf(req))));
  r.adminPost('/customers/groups/:id/save', g('customer_group_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await customers(rc).group(rc, id))) return reply.callNotFound();
    return saveGroup(rc, reply, groupCodeForm.parse(bodyOf(req)), id);
  });
  r.adminGet('/customers/groups/:id/delete', g('customer_group_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const group = id ? await customers(rc).group(rc, id) : undefined;
    if (!group) return reply.callNotFound();
    const question = rc.t('Are you sure you want to delete the customer group "{code}"? Its customers move to General.', { code: group.code });
    const action = `${GROUPS}/${group.id}/delete`;
    return confirmationPage(rc, { title: rc.t('Delete Customer Group'), question, action, cancel: `${GROUPS}/${group.id}/edit`, active: 'customers' });
  });
  r.adminPost('/customers/groups/:id/delete', g('customer_group_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await customers(rc).group(rc, id))) return reply.callNotFound();
    const result = await customers(rc).deleteGroup(rc, id);
    if (!result.ok) return redirectWith(reply, rc, GROUPS, { type: 'error', text: rc.t(result.messages[0]!) });
    return redirectWith(reply, rc, GROUPS, { type: 'success', text: rc.t('You deleted the customer group.') });
  });
}

export function customersAdminRoutes(r: RouteRegistrar) {
  gridRoutes(r);
  customerEditRoutes(r);
  massActionRoutes(r);
  adminAddressRoutes(r);
  groupRoutes(r);
}

/** Customer edit tabs owned by this module: Wishlist and Newsletter. */
export const customerTabs: CustomerTab[] = [
  {
    id: 'wishlist',
    label: 'Wishlist',
    resource: RESOURCE,
    sortOrder: 40,
    render: async (rc, customerId) => wishlistTab(rc, await customers(rc).wishlist(rc, customerId)),
  },
  {
    id: 'newsletter',
    label: 'Newsletter',
    resource: RESOURCE,
    sortOrder: 50,
    render: async (rc, customerId) => newsletterTab(rc, customerId, await customers(rc).subscription(rc, customerId)),
  },
];
