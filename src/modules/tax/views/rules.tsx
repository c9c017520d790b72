import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid, listPager, listSlice } from '../../../ui/grid.tsx';
import { formatPercent } from '../calculate.ts';
import type { RuleInput } from '../admin.ts';

import type { TaxClass, TaxRate as TaxRateRow, TaxRule as TaxRuleRow } from '../index.ts';
import type { FormProblems } from './rates.tsx';

export const RULES = '/admin/tax/rules';

type RuleRow = TaxRuleRow & { customer: string[]; product: string[]; rates: string[] };

/** Stores > Tax Rules: the filterable list with each rule's classes and rates. */
export function rulesPage(rc: RequestContext, q: Record<string, string | undefined>, rules: RuleRow[]) {
  const t = rc.t;
  const match = (v: string, f?: string) => !f || v.toLowerCase().includes(f.toLowerCase());
  const rows = rules.filter((r) => match(r.code, q.code) && match(r.rates.join(', '), q.rate));
  return adminPage(rc, {
    title: t('Tax Rules'),
    active: 'stores',
    actions: (
      <a class="action-primary" href={`${RULES}/new`} safe>
        {t('Add New Tax Rule')}
      </a>
    ),
    content: (
      <Grid
        rc={rc}
        id="tax_rule_listing"
        action={RULES}
        query={q}
        rows={listSlice(rows, q)}
        pager={listPager(rc, RULES, q, rows.length)}
        columns={[
          {
            label: t('Tax Rule'),
            cell: (r) => (
              <a href={`${RULES}/${r.id}/edit`} safe>
                {r.code}
              </a>
            ),
            filter: { type: 'text', name: 'code' },
          },
          { label: t('Customer Tax Class'), value: (r) => r.customer.map((c) => t(c)).join(', ') },
          { label: t('Product Tax Class'), value: (r) => r.product.map((c) => t(c)).join(', ') },
          { label: t('Tax Rate'), value: (r) => r.rates.join(', '), filter: { type: 'text', name: 'rate' } },
          { label: t('Priority'), value: (r) => r.priority },
          { label: t('Sort Order'), value: (r) => r.position },
        ]}
      />
    ),
  });
}

/** New / Edit Tax Rule: name, rates, classes, priority and sort order. */
export function ruleForm(rc: RequestContext, v: RuleInput, options: { classes: TaxClass[]; rates: TaxRateRow[] }, id?: number, e: FormProblems = {}) {
  const t = rc.t;
  const f = e.fields ?? {};
  const classOptions = (type: TaxClass['class_type']) =>
    options.classes.filter((c) => c.class_type === type).map((c) => ({ value: String(c.id), label: t(c.class_name) }));
  return adminPage(rc, {
    title: id ? t('Edit Tax Rule "{code}"', { code: v.code }) : t('New Tax Rule'),
    active: 'stores',
    actions: (
      <>
        <a class="action-back" href={RULES} safe>
          {t('Back')}
        </a>
        {id ? (
          <a class="action-secondary" href={`${RULES}/${id}/delete`} safe>
            {t('Delete Rule')}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="tax-rule-form" class="action-primary" safe>
          {t('Save Rule')}
        </button>
      </>
    ),
    content: (
      <form method="post" id="tax-rule-form" action={id ? `${RULES}/${id}/save` : `${RULES}/save`} class="admin-form" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <fieldset>
          <legend safe>{t('Tax Rule Information')}</legend>
          <TextField name="code" label={t('Name')} value={v.code} required maxlength={100} error={f.code && t(f.code)} />
          <SelectField
            name="tax_rate"
            label={t('Tax Rate')}
            multiple
            required
            selected={v.rates.map(String)}
            options={options.rates.map((r) => ({ value: String(r.id), label: `${r.code} (${formatPercent(r.rate)} %)` }))}
            error={f.tax_rate && t(f.tax_rate)}
          />
          <SelectField
            name="tax_customer_class"
            label={t('Customer Tax Class')}
            multiple
            required
            selected={v.customerClasses.map(String)}
            options={classOptions('CUSTOMER')}
            error={f.tax_customer_class && t(f.tax_customer_class)}
          />
          <SelectField
            name="tax_product_class"
            label={t('Product Tax Class')}
            multiple
            required
            selected={v.productClasses.map(String)}
            options={classOptions('PRODUCT')}
            error={f.tax_product_class && t(f.tax_product_class)}
          />
          <TextField
            name="priority"
            label={t('Priority')}
            value={v.priority}
            required
            maxlength={6}
            error={f.priority && t(f.priority)}
            note={t('Rates of rules with the same priority add up; a higher priority is charged on the price plus the tax before it.')}
          />
          <TextField name="position" label={t('Sort Order')} value={v.position} required maxlength={6} error={f.position && t(f.position)} />
        </fieldset>
      </form>
    ),
  });
}
