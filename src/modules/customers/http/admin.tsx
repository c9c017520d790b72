import type { FastifyReply } from 'fastify';
import { attempt, bodyOf, checked, filterId, ids, idOf, paramId, queryOf, redirectWith, str } from '../../../http/form.ts';
import { can, type RequestContext } from '../../../kernel/request-context.ts';
import { isAppError } from '../../../kernel/errors.ts';
import { adminPage, confirmationPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, SelectField, TextField, rendered } from '../../../ui/components.tsx';
import { Grid, KeywordSearch, keysetPager } from '../../../ui/grid.tsx';
import { cursorOf } from '../../../db/keyset.ts';
import type { CustomerTab, RouteRegistrar } from '../../types.ts';
import { customersRepo, type CustomerRow } from '../repo.ts';
import { CHANGE_OPT_IN_RESOURCE, consentActive, NO_OPT_IN_PERMISSION, type AddressInput } from '../service.ts';
import { AddressBlock, AddressFields, addressInputFrom } from './storefront.tsx';

export const CUSTOMERS = '/admin/customers';
const GROUPS = '/admin/customers/groups';
const RESOURCE = 'customers.all';
const GROUPS_RESOURCE = 'customers.groups';
const PAGE_SIZE = 20;

/** "2026-01-15 10:10:00" from an ISO-8601 UTC timestamp. */
const shownTime = (iso: string) => iso.replace('T', ' ').slice(0, 19);

type Errors = { message?: string; fields?: Record<string, string> };
const o = (actionName: string, resource = RESOURCE) => ({ resource, actionName });

async function customerGrid(rc: RequestContext, q: Record<string, string | undefined>) {
  const t = rc.t;
  const tree = await rc.app.services.stores.tree();
  const groups = await customersRepo.groups(rc.db);
  const lac = await rc.app.services.customers.lacEnabled(rc);
  const sortKeys = ['id', 'email', 'lastname', 'created_at'] as const;
  const sort = (sortKeys as readonly string[]).includes(q.sort ?? '') ? (q.sort as (typeof sortKeys)[number]) : 'id';
  const dir = q.dir === 'asc' ? 'asc' : 'desc';
  const { rows, total, ...page } = await customersRepo.page(
    rc.db,
    {
      keyword: q.search,
      id: q.id,
      name: q.name,
      email: q.email,
      groupId: filterId(q.group),
      websiteId: filterId(q.website),
      assistance: q.assistance === '1' || q.assistance === '0' ? q.assistance : undefined,
      createdFrom: q.created_from || undefined,
      createdTo: q.created_to ? `${q.created_to}T23:59:59.999Z` : undefined,
    },
    { sort, dir, limit: PAGE_SIZE, cursor: cursorOf(q) },
  );
  const yesNo = [
    { value: '1', label: t('Yes') },
    { value: '0', label: t('No') },
  ];
  return adminPage(rc, {
    title: t('Customers'),
    active: 'customers',
    actions: (
      <a class="action-primary" href={`${CUSTOMERS}/new`} safe>
        {t('Add New Customer')}
      </a>
    ),
    content: (
      <>
        <KeywordSearch rc={rc} action={CUSTOMERS} value={q.search} id="customer-keyword" />
        <form method="post" action={`${CUSTOMERS}/massAction`} id="customer-mass" class="mass-actions">
          <FormKey rc={rc} />
          <label for="mass-action" safe>
            {t('Actions')}
          </label>
          <select id="mass-action" name="mass_action">
            <option value="subscribe" safe>
              {t('Subscribe to Newsletter')}
            </option>
            <option value="unsubscribe" safe>
              {t('Unsubscribe from Newsletter')}
            </option>
            <option value="assign_group" safe>
              {t('Assign a Customer Group')}
            </option>
            <option value="unlock" safe>
              {t('Unlock')}
            </option>
            <option value="delete" safe>
              {t('Delete')}
            </option>
          </select>
          <label for="mass-group" safe>
            {t('Group')}
          </label>
          <select id="mass-group" name="group_id">
            {groups
              .filter((g) => g.id !== 0)
              .map((g) => (
                <option value={String(g.id)} safe>
                  {g.code}
                </option>
              ))}
          </select>
          <button type="submit" class="action-secondary" safe>
            {t('Submit')}
          </button>
        </form>
        <Grid
          rc={rc}
          id="customer_listing"
          action={CUSTOMERS}
          query={q}
          rows={rows}
          sort={{ key: sort, dir }}
          select={{ form: 'customer-mass', value: (r) => String(r.id) }}
          pager={keysetPager(rc, CUSTOMERS, q, total, page)}
          columns={[
            { label: t('ID'), value: (r) => r.id, filter: { type: 'text', name: 'id' }, sort: 'id' },
            {
              label: t('Name'),
              cell: (r) => (
                <a href={`${CUSTOMERS}/${r.id}/edit`} safe>
                  {`${r.firstname} ${r.lastname}`}
                </a>
              ),
              filter: { type: 'text', name: 'name' },
              sort: 'lastname',
            },
            { label: t('Email'), value: (r) => r.email, filter: { type: 'text', name: 'email' }, sort: 'email' },
            { label: t('Group'), value: (r) => r.group_code, filter: { type: 'select', name: 'group', options: groups.filter((g) => g.id !== 0).map((g) => ({ value: String(g.id), label: g.code })) } },
            { label: t('Customer Since'), value: (r) => r.created_at.slice(0, 10), filter: { type: 'range', from: 'created_from', to: 'created_to', input: 'date' }, sort: 'created_at' },
            { label: t('Web Site'), value: (r) => r.website_name, filter: { type: 'select', name: 'website', options: tree.websites.map((w) => ({ value: String(w.id), label: w.name })) } },
            ...(lac ? [{ label: t('Allow Remote Shopping Assistance'), value: (r: CustomerRow) => (consentActive(r, rc.app.clock.now()) ? t('Yes') : t('No')), filter: { type: 'select' as const, name: 'assistance', options: yesNo } }] : []),
            { label: t('Account Status'), value: (r) => (r.is_active ? t('Active') : t('Inactive')) },
            { label: t('Account Lock'), value: (r) => (rc.app.services.customers.lockedUntil(rc, r) ? t('Locked') : t('Unlocked')) },
            {
              label: t('Action'),
              cell: (r) => (
                <a href={`${CUSTOMERS}/${r.id}/edit`} safe>
                  {t('Edit')}
                </a>
              ),
            },
          ]}
        />
      </>
    ),
  });
}

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

interface AccountForm {
  websiteId: number;
  groupId: number;
  firstname: string;
  lastname: string;
  email: string;
  active: boolean;
  assistance: boolean;
}

async function accountTab(rc: RequestContext, c: CustomerRow | undefined, f: AccountForm, e: Errors = {}) {
  const t = rc.t;
  const fe = e.fields ?? {};
  const tree = await rc.app.services.stores.tree();
  const groups = (await customersRepo.groups(rc.db)).filter((g) => g.id !== 0);
  const lac = await rc.app.services.customers.lacEnabled(rc);
  const mayChangeOptIn = can(rc, CHANGE_OPT_IN_RESOURCE);
  return (
    <form method="post" action={c ? `${CUSTOMERS}/${c.id}/save` : `${CUSTOMERS}/save`} id="customer-form" class="admin-form" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={e.message ? [t(e.message)] : []} />
      <fieldset>
        <legend safe>{t('Account Information')}</legend>
        <SelectField
          name="website_id"
          label={t('Associate to Website')}
          value={String(f.websiteId)}
          disabled={!!c}
          error={fe.website_id && t(fe.website_id)}
          options={tree.websites.map((w) => ({ value: String(w.id), label: w.name }))}
        />
        <SelectField name="group_id" label={t('Group')} value={String(f.groupId)} error={fe.group_id && t(fe.group_id)} options={groups.map((g) => ({ value: String(g.id), label: g.code }))} />
        <TextField name="firstname" label={t('First Name')} value={f.firstname} required error={fe.firstname && t(fe.firstname)} />
        <TextField name="lastname" label={t('Last Name')} value={f.lastname} required error={fe.lastname && t(fe.lastname)} />
        <TextField name="email" type="email" label={t('Email')} value={f.email} required error={fe.email && t(fe.email)} />
        <SelectField
          name="is_active"
          label={t('Account Status')}
          value={f.active ? '1' : '0'}
          options={[
            { value: '1', label: t('Active') },
            { value: '0', label: t('Inactive') },
          ]}
        />
        {lac ? (
          <SelectField
            name="assistance_allowed"
            id="assistance_allowed"
            label={t('Allow remote shopping assistance')}
            value={f.assistance ? '1' : '0'}
            disabled={!mayChangeOptIn}
            note={mayChangeOptIn ? undefined : t(NO_OPT_IN_PERMISSION)}
            options={[
              { value: '1', label: t('Yes') },
              { value: '0', label: t('No') },
            ]}
          />
        ) : (
          ''
        )}
        {c ? '' : <TextField name="password" type="password" label={t('Password')} error={fe.password && t(fe.password)} note={t('Optional. Without one the customer sets a password with "Forgot Your Password?".')} autocomplete="new-password" />}
      </fieldset>
    </form>
  );
}

async function customerPage(rc: RequestContext, c: CustomerRow | undefined, tab: string, form?: AccountForm, e: Errors = {}) {
  const t = rc.t;
  const tabs = c ? allTabs(rc) : [{ id: 'account', label: 'Account Information' }];
  const current = tabs.some((x) => x.id === tab) ? tab : tabs[0]!.id;
  const buttons = c ? await Promise.all(rc.app.registry.modules.filter((m) => m.customerViewButtons).map((m) => m.customerViewButtons!(rc, { id: c.id, websiteId: c.website_id, storeViewId: c.store_view_id }))) : [];
  const defaults: AccountForm = c
    ? { websiteId: c.website_id, groupId: c.group_id, firstname: c.firstname, lastname: c.lastname, email: c.email, active: c.is_active === 1, assistance: consentActive(c, rc.app.clock.now()) }
    : { websiteId: rc.store.website.id, groupId: 1, firstname: '', lastname: '', email: '', active: true, assistance: false };
  const lockedUntil = c ? rc.app.services.customers.lockedUntil(rc, c) : null;
  let body: JSX.Element;
  if (current === 'account') body = await accountTab(rc, c, form ?? defaults, e);
  else if (current === 'view') body = await customerViewTab(rc, c!);
  else if (current === 'addresses') body = await addressesTab(rc, c!);
  else body = await extraTab(rc, current)!.render(rc, c!.id);
  return adminPage(rc, {
    title: c ? `${c.firstname} ${c.lastname}` : t('New Customer'),
    active: 'customers',
    actions: (
      <div class="page-actions-buttons" data-role="customer-actions">
        <a class="action-back" href={CUSTOMERS} safe>
          {t('Back')}
        </a>
        {rendered(buttons)}
        {lockedUntil ? (
          <form method="post" action={`${CUSTOMERS}/${c!.id}/unlock`} class="inline-form" data-role="customer-unlock">
            <FormKey rc={rc} />
            <button type="submit" class="action-secondary" title={t('Locked until {date} UTC', { date: shownTime(lockedUntil) })} safe>
              {t('Unlock')}
            </button>
          </form>
        ) : (
          ''
        )}
        {c ? (
          <a class="action-secondary" href={`${CUSTOMERS}/${c.id}/delete`} safe>
            {t('Delete Customer')}
          </a>
        ) : (
          ''
        )}
        {current === 'account' ? (
          <button type="submit" form="customer-form" class="action-primary" safe>
            {t('Save Customer')}
          </button>
        ) : (
          ''
        )}
      </div>
    ),
    content: (
      <div class="tabs-layout">
        <nav class="tabs-nav" aria-label={t('Customer Information')}>
          <h3 safe>{t('Customer Information')}</h3>
          {tabs.map((x) => (
            <a href={c ? `${CUSTOMERS}/${c.id}/edit?tab=${x.id}` : `${CUSTOMERS}/new`} aria-current={x.id === current ? 'page' : undefined} safe>
              {t(x.label)}
            </a>
          ))}
        </nav>
        <div class="tabs-content">{rendered(body)}</div>
      </div>
    ),
  });
}

async function customerViewTab(rc: RequestContext, c: CustomerRow) {
  const t = rc.t;
  const tree = await rc.app.services.stores.tree();
  const group = await customersRepo.group(rc.db, c.group_id);
  const addresses = await customersRepo.addresses(rc.db, c.id);
  const billing = addresses.find((a) => a.id === c.default_billing_id);
  const lac = await rc.app.services.customers.lacEnabled(rc);
  const history = lac ? await customersRepo.consentHistory(rc.db, c.id, 10) : [];
  const lockedUntil = rc.app.services.customers.lockedUntil(rc, c);
  return (
    <section class="customer-view">
      <h2 safe>{t('Personal Information')}</h2>
      <table class="admin-table">
        <tr>
          <th safe>{t('Customer ID')}</th>
          <td safe>{String(c.id)}</td>
        </tr>
        <tr>
          <th safe>{t('Email')}</th>
          <td safe>{c.email}</td>
        </tr>
        <tr>
          <th safe>{t('Account Created')}</th>
          <td safe>{c.created_at.replace('T', ' ').slice(0, 19)}</td>
        </tr>
        <tr>
          <th safe>{t('Account Created in')}</th>
          <td safe>{tree.views.find((v) => v.id === c.store_view_id)?.name ?? ''}</td>
        </tr>
        <tr>
          <th safe>{t('Associate to Website')}</th>
          <td safe>{tree.websites.find((w) => w.id === c.website_id)?.name ?? ''}</td>
        </tr>
        <tr>
          <th safe>{t('Customer Group')}</th>
          <td safe>{group?.code ?? ''}</td>
        </tr>
        <tr>
          <th safe>{t('Account Status')}</th>
          <td safe>{c.is_active ? t('Active') : t('Inactive')}</td>
        </tr>
        <tr>
          <th safe>{t('Account Lock')}</th>
          <td safe>{lockedUntil ? t('Locked until {date} UTC', { date: shownTime(lockedUntil) }) : t('Unlocked')}</td>
        </tr>
        {lac ? (
          <tr>
            <th safe>{t('Allow remote shopping assistance')}</th>
            <td safe>{consentActive(c, rc.app.clock.now()) ? (c.assistance_expires_at ? t('Yes, until {date} UTC', { date: c.assistance_expires_at.replace('T', ' ').slice(0, 16) }) : t('Yes')) : t('No')}</td>
          </tr>
        ) : (
          ''
        )}
      </table>
      <h2 safe>{t('Default Billing Address')}</h2>
      {billing ? <AddressBlock a={billing} /> : <p safe>{t('The customer does not have default billing address')}</p>}
      {lac ? (
        <>
          <h2 safe>{t('Remote Shopping Assistance History')}</h2>
          {history.length ? (
            <table class="data-grid consent-history">
              <thead>
                <tr>
                  <th safe>{t('Date')}</th>
                  <th safe>{t('Allowed')}</th>
                  <th safe>{t('Changed via')}</th>
                  <th safe>{t('By')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr>
                    <td safe>{h.created_at.replace('T', ' ').slice(0, 19)}</td>
                    <td safe>{h.allowed ? (h.expires_at ? t('Yes, until {date} UTC', { date: h.expires_at.replace('T', ' ').slice(0, 16) }) : t('Yes')) : t('No')}</td>
                    <td safe>{t(h.surface === 'admin' ? 'Admin' : h.surface === 'api' ? 'API' : 'Storefront')}</td>
                    <td safe>{h.admin_username ?? (h.admin_id ? t('Admin #{id}', { id: h.admin_id }) : t('Customer'))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p safe>{t('No changes recorded.')}</p>
          )}
        </>
      ) : (
        ''
      )}
    </section>
  );
}

async function addressesTab(rc: RequestContext, c: CustomerRow) {
  const t = rc.t;
  const addresses = await customersRepo.addresses(rc.db, c.id);
  return (
    <section class="customer-addresses">
      <a class="action-secondary" href={`${CUSTOMERS}/${c.id}/address/new`} safe>
        {t('Add New Address')}
      </a>
      {addresses.length ? (
        <ul class="addresses">
          {addresses.map((a) => (
            <li>
              {a.id === c.default_billing_id ? <strong safe>{t('Default Billing Address')}</strong> : ''}
              {a.id === c.default_shipping_id ? <strong safe>{t('Default Shipping Address')}</strong> : ''}
              <AddressBlock a={a} />
              <a href={`${CUSTOMERS}/${c.id}/address/${a.id}/edit`} safe>
                {t('Edit')}
              </a>
              <form method="post" action={`${CUSTOMERS}/${c.id}/address/${a.id}/delete`} class="inline-form" data-confirm={t('Are you sure you want to delete this address?')}>
                <FormKey rc={rc} />
                <button type="submit" class="action-link" safe>
                  {t('Delete')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{t('The customer has no addresses.')}</p>
      )}
    </section>
  );
}

async function adminAddressPage(rc: RequestContext, c: CustomerRow, v: Partial<AddressInput>, addressId?: number, e: Errors = {}) {
  const t = rc.t;
  return adminPage(rc, {
    title: addressId ? t('Edit Address') : t('Add New Address'),
    active: 'customers',
    actions: (
      <>
        <a class="action-back" href={`${CUSTOMERS}/${c.id}/edit?tab=addresses`} safe>
          {t('Back')}
        </a>
        <button type="submit" form="address-form" class="action-primary" safe>
          {t('Save Address')}
        </button>
      </>
    ),
    content: (
      <form method="post" id="address-form" action={addressId ? `${CUSTOMERS}/${c.id}/address/${addressId}/save` : `${CUSTOMERS}/${c.id}/address/save`} class="admin-form" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={e.message ? [t(e.message)] : []} />
        <CheckboxField name="default_billing" label={t('Default Billing Address')} checked={!!v.defaultBilling || (!!addressId && c.default_billing_id === addressId)} />
        <CheckboxField name="default_shipping" label={t('Default Shipping Address')} checked={!!v.defaultShipping || (!!addressId && c.default_shipping_id === addressId)} />
        <AddressFields rc={rc} v={v} fe={e.fields} />
      </form>
    ),
  });
}

const accountFormFrom = (b: Record<string, unknown>, c?: CustomerRow): AccountForm => ({
  websiteId: c ? c.website_id : (idOf(b.website_id) ?? 0),
  groupId: idOf(b.group_id) ?? 0,
  firstname: str(b.firstname),
  lastname: str(b.lastname),
  email: str(b.email),
  active: str(b.is_active) !== '0',
  assistance: str(b.assistance_allowed) === '1',
});

async function groupsPage(rc: RequestContext, q: Record<string, string | undefined>) {
  const t = rc.t;
  const groups = await customersRepo.groups(rc.db);
  const counts = await customersRepo.groupCounts(rc.db);
  const match = (v: string, f?: string) => !f || v.toLowerCase().includes(f.toLowerCase());
  const rows = groups.filter((g) => match(String(g.id), q.id) && match(g.code, q.code));
  return adminPage(rc, {
    title: t('Customer Groups'),
    active: 'customers',
    actions: (
      <a class="action-primary" href={`${GROUPS}/new`} safe>
        {t('Add New Customer Group')}
      </a>
    ),
    content: (
      <Grid
        rc={rc}
        id="customer_group_listing"
        action={GROUPS}
        query={q}
        rows={rows}
        pager={{ summary: t('{count} records found', { count: rows.length }) }}
        columns={[
          { label: t('ID'), value: (g) => g.id, filter: { type: 'text', name: 'id' } },
          {
            label: t('Group'),
            cell: (g) =>
              g.id === 0 ? (
                <span safe>{g.code}</span>
              ) : (
                <a href={`${GROUPS}/${g.id}/edit`} safe>
                  {g.code}
                </a>
              ),
            filter: { type: 'text', name: 'code' },
          },
          { label: t('Customers'), value: (g) => counts.get(g.id) ?? 0 },
        ]}
      />
    ),
  });
}

function groupForm(rc: RequestContext, code: string, id?: number, isSystem = false, e: Errors = {}) {
  const t = rc.t;
  return adminPage(rc, {
    title: id ? t('Edit Customer Group "{code}"', { code }) : t('New Customer Group'),
    active: 'customers',
    actions: (
      <>
        <a class="action-back" href={GROUPS} safe>
          {t('Back')}
        </a>
        {id && !isSystem ? (
          <a class="action-secondary" href={`${GROUPS}/${id}/delete`} safe>
            {t('Delete Customer Group')}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="group-form" class="action-primary" safe>
          {t('Save Customer Group')}
        </button>
      </>
    ),
    content: (
      <form method="post" id="group-form" action={id ? `${GROUPS}/${id}/save` : `${GROUPS}/save`} class="admin-form" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={e.message ? [t(e.message)] : []} />
        <TextField name="code" label={t('Group Name')} value={code} required maxlength={32} error={e.fields?.code && t(e.fields.code)} note={t('Maximum length must be less then 32 characters.')} />
      </form>
    ),
  });
}

export function customersAdminRoutes(r: RouteRegistrar) {
  r.adminGet('/customers', o('customer_index_index'), (req, _reply, rc) => customerGrid(rc, queryOf(req)));
  r.adminGet('/customers/new', o('customer_index_new'), (_req, _reply, rc) => customerPage(rc, undefined, 'account'));
  r.adminGet('/customers/:id/edit', o('customer_index_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.callNotFound();
    return customerPage(rc, c, queryOf(req).tab ?? 'view');
  });

  const save = async (rc: RequestContext, reply: FastifyReply, b: Record<string, unknown>, c?: CustomerRow) => {
    const form = accountFormFrom(b, c);
    const lac = await rc.app.services.customers.lacEnabled(rc);
    // The opt-in field counts only when it was submitted; a missing (disabled) field means "unchanged".
    const assistance = lac && 'assistance_allowed' in b ? form.assistance : undefined;
    try {
      const result = await attempt(() => rc.app.services.customers.adminSave(rc, { ...form, assistance, password: c ? undefined : str(b.password) }, c?.id));
      if (!result.ok) {
        reply.code(result.status);
        return customerPage(rc, c, 'account', form, result);
      }
      return redirectWith(reply, rc, `${CUSTOMERS}/${result.value}/edit?tab=view`, { type: 'success', text: rc.t('You saved the customer.') });
    } catch (e) {
      if (isAppError(e) && e.kind === 'forbidden') {
        reply.code(403);
        return customerPage(rc, c, 'account', c ? { ...form, assistance: consentActive(c, rc.app.clock.now()) } : { ...form, assistance: false }, { message: e.message });
      }
      throw e;
    }
  };
  r.adminPost('/customers/save', o('customer_index_save'), (req, reply, rc) => save(rc, reply, bodyOf(req)));
  r.adminPost('/customers/:id/save', o('customer_index_save'), async (req, reply, rc) => {
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.callNotFound();
    return save(rc, reply, bodyOf(req), c);
  });

  r.adminPost('/customers/:id/unlock', o('customer_index_unlock'), async (req, reply, rc) => {
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.callNotFound();
    const lifted = await rc.app.services.customers.unlock(rc, [c.id]);
    const back = `${CUSTOMERS}/${c.id}/edit?tab=view`;
    if (!lifted.length) return redirectWith(reply, rc, back, { type: 'notice', text: rc.t('This customer account is not locked.') });
    return redirectWith(reply, rc, back, { type: 'success', text: rc.t('You unlocked the customer account.') });
  });

  r.adminGet('/customers/:id/delete', o('customer_index_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.callNotFound();
    return confirmationPage(rc, { title: rc.t('Delete Customer'), question: rc.t('Are you sure you want to delete the customer {email}? Their orders are kept.', { email: c.email }), action: `${CUSTOMERS}/massDelete`, cancel: `${CUSTOMERS}/${c.id}/edit`, active: 'customers', hidden: { selected: [String(c.id)] } });
  });

  r.adminPost('/customers/massAction', o('customer_index_massAction'), async (req, reply, rc) => {
    const b = bodyOf(req);
    const selected = ids(b.selected);
    const action = str(b.mass_action);
    if (!selected.length) return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t('Please select item(s).') });
    if (action === 'delete')
      return confirmationPage(rc, { title: rc.t('Delete items'), question: rc.t('Are you sure you want to delete {count} selected customer(s)? Their orders are kept.', { count: selected.length }), action: `${CUSTOMERS}/massDelete`, cancel: CUSTOMERS, active: 'customers', hidden: { selected: selected.map(String) } });
    if (action === 'subscribe' || action === 'unsubscribe') {
      await rc.app.services.customers.setNewsletter(rc, selected, action === 'subscribe');
      return redirectWith(reply, rc, CUSTOMERS, { type: 'success', text: rc.t('A total of {count} record(s) were updated.', { count: selected.length }) });
    }
    if (action === 'unlock') {
      const lifted = await rc.app.services.customers.unlock(rc, selected);
      if (!lifted.length) return redirectWith(reply, rc, CUSTOMERS, { type: 'notice', text: rc.t('None of the selected customer accounts is locked.') });
      return redirectWith(reply, rc, CUSTOMERS, { type: 'success', text: rc.t('A total of {count} customer account(s) were unlocked.', { count: lifted.length }) });
    }
    if (action === 'assign_group') {
      const result = await attempt(() => rc.app.services.customers.assignGroup(rc, selected, idOf(b.group_id) ?? -1));
      if (!result.ok) return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t(result.message) });
      return redirectWith(reply, rc, CUSTOMERS, { type: 'success', text: rc.t('A total of {count} record(s) were updated.', { count: selected.length }) });
    }
    return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t('Please select an action.') });
  });
  r.adminPost('/customers/massDelete', o('customer_index_massDelete'), async (req, reply, rc) => {
    const selected = ids(bodyOf(req).selected);
    if (!selected.length) return redirectWith(reply, rc, CUSTOMERS, { type: 'error', text: rc.t('Please select item(s).') });
    await rc.app.services.customers.adminDelete(rc, selected);
    return redirectWith(reply, rc, CUSTOMERS, { type: 'success', text: rc.t('A total of {count} record(s) were deleted.', { count: selected.length }) });
  });

  // ---- addresses in the admin ----
  const loadCustomer = async (rc: RequestContext, req: { params: unknown }) => {
    const id = idOf((req.params as { id: string }).id);
    return id ? customersRepo.byId(rc.db, id) : undefined;
  };
  r.adminGet('/customers/:id/address/new', o('customer_address_new'), async (req, reply, rc) => {
    const c = await loadCustomer(rc, req);
    if (!c) return reply.callNotFound();
    return adminAddressPage(rc, c, { firstname: c.firstname, lastname: c.lastname, countryId: 'US' });
  });
  r.adminGet('/customers/:id/address/:addressId/edit', o('customer_address_edit'), async (req, reply, rc) => {
    const c = await loadCustomer(rc, req);
    const addressId = paramId(req, 'addressId');
    const a = c && addressId ? await customersRepo.address(rc.db, c.id, addressId) : undefined;
    if (!c || !a) return reply.callNotFound();
    return adminAddressPage(rc, c, { firstname: a.firstname, lastname: a.lastname, company: a.company, street: a.street, city: a.city, region: a.region, postcode: a.postcode, countryId: a.country_id, telephone: a.telephone }, a.id);
  });
  const saveAddress = async (rc: RequestContext, reply: FastifyReply, c: CustomerRow, b: Record<string, unknown>, addressId?: number) => {
    const input = addressInputFrom(b);
    const result = await attempt(() => rc.app.services.customers.saveAddress(rc, c.id, input, addressId));
    if (!result.ok) {
      reply.code(result.status);
      return adminAddressPage(rc, c, input, addressId, result);
    }
    return redirectWith(reply, rc, `${CUSTOMERS}/${c.id}/edit?tab=addresses`, { type: 'success', text: rc.t('You saved the address.') });
  };
  r.adminPost('/customers/:id/address/save', o('customer_address_save'), async (req, reply, rc) => {
    const c = await loadCustomer(rc, req);
    if (!c) return reply.callNotFound();
    return saveAddress(rc, reply, c, bodyOf(req));
  });
  r.adminPost('/customers/:id/address/:addressId/save', o('customer_address_save'), async (req, reply, rc) => {
    const c = await loadCustomer(rc, req);
    const addressId = paramId(req, 'addressId');
    if (!c || !addressId) return reply.callNotFound();
    return saveAddress(rc, reply, c, bodyOf(req), addressId);
  });
  r.adminPost('/customers/:id/address/:addressId/delete', o('customer_address_delete'), async (req, reply, rc) => {
    const c = await loadCustomer(rc, req);
    const addressId = paramId(req, 'addressId');
    if (!c || !addressId) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.customers.deleteAddress(rc, c.id, addressId));
    const back = `${CUSTOMERS}/${c.id}/edit?tab=addresses`;
    if (!result.ok) return redirectWith(reply, rc, back, { type: 'error', text: rc.t(result.message) });
    return redirectWith(reply, rc, back, { type: 'success', text: rc.t('You deleted the address.') });
  });

  // ---- customer groups ----
  r.adminGet('/customers/groups', o('customer_group_index', GROUPS_RESOURCE), (req, _reply, rc) => groupsPage(rc, queryOf(req)));
  r.adminGet('/customers/groups/new', o('customer_group_new', GROUPS_RESOURCE), (_req, _reply, rc) => groupForm(rc, ''));
  r.adminGet('/customers/groups/:id/edit', o('customer_group_edit', GROUPS_RESOURCE), async (req, reply, rc) => {
    const id = paramId(req);
    const g = id ? await customersRepo.group(rc.db, id) : undefined;
    if (!g) return reply.callNotFound();
    return groupForm(rc, g.code, g.id, g.is_system === 1);
  });
  const saveGroup = async (rc: RequestContext, reply: FastifyReply, code: string, id?: number) => {
    const result = await attempt(() => rc.app.services.customers.saveGroup(rc, code, id));
    if (!result.ok) {
      reply.code(result.status);
      return groupForm(rc, code, id, false, result);
    }
    return redirectWith(reply, rc, GROUPS, { type: 'success', text: rc.t('You saved the customer group.') });
  };
  r.adminPost('/customers/groups/save', o('customer_group_save', GROUPS_RESOURCE), (req, reply, rc) => saveGroup(rc, reply, str(bodyOf(req).code)));
  r.adminPost('/customers/groups/:id/save', o('customer_group_save', GROUPS_RESOURCE), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await customersRepo.group(rc.db, id))) return reply.callNotFound();
    return saveGroup(rc, reply, str(bodyOf(req).code), id);
  });
  r.adminGet('/customers/groups/:id/delete', o('customer_group_delete', GROUPS_RESOURCE), async (req, reply, rc) => {
    const id = paramId(req);
    const g = id ? await customersRepo.group(rc.db, id) : undefined;
    if (!g) return reply.callNotFound();
    return confirmationPage(rc, { title: rc.t('Delete Customer Group'), question: rc.t('Are you sure you want to delete the customer group "{code}"? Its customers move to General.', { code: g.code }), action: `${GROUPS}/${g.id}/delete`, cancel: `${GROUPS}/${g.id}/edit`, active: 'customers' });
  });
  r.adminPost('/customers/groups/:id/delete', o('customer_group_delete', GROUPS_RESOURCE), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await customersRepo.group(rc.db, id))) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.customers.deleteGroup(rc, id));
    if (!result.ok) return redirectWith(reply, rc, GROUPS, { type: 'error', text: rc.t(result.message) });
    return redirectWith(reply, rc, GROUPS, { type: 'success', text: rc.t('You deleted the customer group.') });
  });
}

/** Customer edit tabs owned by this module: Wishlist and Newsletter. */
export const customerTabs: CustomerTab[] = [
  {
    id: 'wishlist',
    label: 'Wishlist',
    resource: RESOURCE,
    sortOrder: 40,
    async render(rc, customerId) {
      const t = rc.t;
      const items = await customersRepo.wishlist(rc.db, customerId);
      return items.length ? (
        <table class="data-grid">
          <thead>
            <tr>
              <th safe>{t('Product')}</th>
              <th safe>{t('SKU')}</th>
              <th safe>{t('Added')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td safe>{i.name}</td>
                <td safe>{i.sku}</td>
                <td safe>{i.created_at.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p safe>{t('The wish list is empty.')}</p>
      );
    },
  },
  {
    id: 'newsletter',
    label: 'Newsletter',
    resource: RESOURCE,
    sortOrder: 50,
    async render(rc, customerId) {
      const t = rc.t;
      const sub = await customersRepo.subscription(rc.db, customerId);
      return (
        <section>
          <p safe>{sub?.status === 'subscribed' ? t('Subscribed to the newsletter since {date}.', { date: sub.changed_at.slice(0, 10) }) : t('Not subscribed to the newsletter.')}</p>
          <form method="post" action={`${CUSTOMERS}/massAction`}>
            <FormKey rc={rc} />
            <input type="hidden" name="selected" value={String(customerId)} />
            <input type="hidden" name="mass_action" value={sub?.status === 'subscribed' ? 'unsubscribe' : 'subscribe'} />
            <button type="submit" class="action-secondary" safe>
              {sub?.status === 'subscribed' ? t('Unsubscribe from Newsletter') : t('Subscribe to Newsletter')}
            </button>
          </form>
        </section>
      );
    },
  },
];
