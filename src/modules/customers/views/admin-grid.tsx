import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';
import { Grid, KeywordSearch, keysetPager, withQuery } from '../../../ui/grid.tsx';
import type { CustomerGroup } from '../public.ts';
import type { CustomersService } from '../service.ts';

export const CUSTOMERS = '/admin/customers';

export type CustomerGridData = Awaited<ReturnType<CustomersService['customerGrid']>>;
type GridRow = CustomerGridData['rows'][number];

/** The grid's mass actions (newsletter, group, unlock, delete) for the rows ticked. */
function MassActions({ rc, groups }: { rc: RequestContext; groups: CustomerGroup[] }) {
  const t = rc.t;
  return (
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
  );
}

/** Customers > All Customers: keyword search, mass actions and the keyset-paged grid. */
// Long by design: one page's markup top to bottom (mass actions, filters, grid).
export function customerGridPage(rc: RequestContext, q: Record<string, string | undefined>, sort: { key: string; dir: 'asc' | 'desc' }, d: CustomerGridData) {
  const t = rc.t;
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
        <MassActions rc={rc} groups={d.groups} />
        <Grid
          rc={rc}
          id="customer_listing"
          action={CUSTOMERS}
          query={q}
          rows={d.rows}
          sort={sort}
          select={{ form: 'customer-mass', value: (r) => String(r.id), label: (r) => t('Select customer {name}', { name: `${r.firstname} ${r.lastname}` }) }}
          pager={keysetPager(rc, CUSTOMERS, q, d.total, d)}
          columnsAction={`${CUSTOMERS}/columns`}
          toolbar={
            <a class="action-secondary" href={withQuery(`${CUSTOMERS}/export/csv`, { ...q, page: undefined, after: undefined, before: undefined })} safe>
              {t('Export to CSV')}
            </a>
          }
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
            {
              label: t('Group'),
              value: (r) => r.group_code,
              filter: { type: 'select', name: 'group', options: d.groups.filter((g) => g.id !== 0).map((g) => ({ value: String(g.id), label: g.code })) },
            },
            {
              label: t('Customer Since'),
              value: (r) => formatDate(r.created_at, rc, 'date'),
              filter: { type: 'range', from: 'created_from', to: 'created_to', input: 'date' },
              sort: 'created_at',
            },
            {
              label: t('Web Site'),
              value: (r) => r.website_name,
              filter: { type: 'select', name: 'website', options: d.websites.map((w) => ({ value: String(w.id), label: w.name })) },
            },
            ...(d.lacEnabled
              ? [
                  {
                    label: t('Allow Remote Shopping Assistance'),
                    value: (r: GridRow) => (r.assisting ? t('Yes') : t('No')),
                    filter: { type: 'select' as const, name: 'assistance', options: yesNo },
                  },
                ]
              : []),
            { label: t('Account Status'), key: 'status', value: (r) => (r.is_active ? t('Active') : t('Inactive')) },
            { label: t('Account Lock'), key: 'lock', value: (r) => (r.locked ? t('Locked') : t('Unlocked')) },
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
