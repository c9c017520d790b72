import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid, listPager, listSlice } from '../../../ui/grid.tsx';
import type { CustomerGroup, FormProblems } from '../public.ts';

export const GROUPS = '/admin/customers/groups';

/** Customer Groups: the filterable list with each group's number of customers. */
export function groupsPage(rc: RequestContext, q: Record<string, string | undefined>, groups: CustomerGroup[], counts: Map<number, number>) {
  const t = rc.t;
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
        rows={listSlice(rows, q)}
        pager={listPager(rc, GROUPS, q, rows.length)}
        columnsAction={`${GROUPS}/columns`}
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
          { label: t('Customers'), key: 'customers', value: (g) => counts.get(g.id) ?? 0 },
        ]}
      />
    ),
  });
}

/** New / Edit Customer Group. */
export function groupForm(
  rc: RequestContext,
  code: string,
  taxClass: { options: { value: string; label: string }[]; value?: number; fallback: number },
  id?: number,
  isSystem = false,
  e: FormProblems = {},
) {
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
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <TextField
          name="code"
          label={t('Group Name')}
          value={code}
          required
          maxlength={32}
          error={e.fields?.code && t(e.fields.code)}
          note={t('Maximum length must be less then 32 characters.')}
        />
        <SelectField
          name="tax_class_id"
          label={t('Tax Class')}
          value={String(taxClass.value ?? taxClass.fallback)}
          options={[{ value: '0', label: t('None') }, ...taxClass.options]}
          error={e.fields?.tax_class_id && t(e.fields.tax_class_id)}
        />
      </form>
    ),
  });
}
