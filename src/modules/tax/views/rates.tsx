import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, SelectField, TextField } from '../../../ui/components.tsx';
import { Grid, listPager, listSlice } from '../../../ui/grid.tsx';
import { formatPercent } from '../calculate.ts';
import type { RateInput } from '../admin.ts';
import type { TaxRate as TaxRateRow } from '../index.ts';

/** Form messages and field messages to show again with a form. */
export interface FormProblems {
  messages?: string[];
  fields?: Record<string, string>;
}

export const RATES = '/admin/tax/rates';

const postcodeOf = (r: TaxRateRow) => (r.zip_is_range === 1 ? `${r.zip_from}-${r.zip_to}` : r.tax_postcode);

/** Stores > Tax Zones and Rates: the filterable list. */
export function ratesPage(rc: RequestContext, q: Record<string, string | undefined>, rates: TaxRateRow[]) {
  const t = rc.t;
  const match = (v: string, f?: string) => !f || v.toLowerCase().includes(f.toLowerCase());
  const rows = rates.filter((r) => match(r.code, q.code) && match(r.tax_country_id, q.country) && match(postcodeOf(r), q.postcode));
  return adminPage(rc, {
    title: t('Tax Zones and Rates'),
    active: 'stores',
    actions: (
      <a class="action-primary" href={`${RATES}/new`} safe>
        {t('Add New Tax Rate')}
      </a>
    ),
    content: (
      <Grid
        rc={rc}
        id="tax_rate_listing"
        action={RATES}
        query={q}
        rows={listSlice(rows, q)}
        pager={listPager(rc, RATES, q, rows.length)}
        columns={[
          {
            label: t('Tax Identifier'),
            cell: (r) => (
              <a href={`${RATES}/${r.id}/edit`} safe>
                {r.code}
              </a>
            ),
            filter: { type: 'text', name: 'code' },
          },
          { label: t('Country'), value: (r) => r.tax_country_id, filter: { type: 'text', name: 'country' } },
          { label: t('Zip/Post Code'), value: postcodeOf, filter: { type: 'text', name: 'postcode' } },
          { label: t('Rate Percent'), value: (r) => `${formatPercent(r.rate)} %` },
        ]}
      />
    ),
  });
}

/** New / Edit Tax Rate. */
export function rateForm(rc: RequestContext, v: RateInput, countries: { code: string; name: string }[], id?: number, e: FormProblems = {}) {
  const t = rc.t;
  const f = e.fields ?? {};
  return adminPage(rc, {
    title: id ? t('Edit Tax Rate "{code}"', { code: v.code }) : t('New Tax Rate'),
    active: 'stores',
    actions: (
      <>
        <a class="action-back" href={RATES} safe>
          {t('Back')}
        </a>
        {id ? (
          <a class="action-secondary" href={`${RATES}/${id}/delete`} safe>
            {t('Delete Rate')}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="tax-rate-form" class="action-primary" safe>
          {t('Save Rate')}
        </button>
      </>
    ),
    content: (
      <form method="post" id="tax-rate-form" action={id ? `${RATES}/${id}/save` : `${RATES}/save`} class="admin-form" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <fieldset>
          <legend safe>{t('Tax Rate Information')}</legend>
          <TextField name="code" label={t('Tax Identifier')} value={v.code} required maxlength={100} error={f.code && t(f.code)} />
          <SelectField
            name="tax_country_id"
            label={t('Country')}
            value={v.countryId}
            required
            options={countries.map((c) => ({ value: c.code, label: c.name }))}
            error={f.tax_country_id && t(f.tax_country_id)}
          />
          <CheckboxField name="zip_is_range" label={t('Zip/Post is Range')} checked={v.zipIsRange} />
          <TextField
            name="tax_postcode"
            label={t('Zip/Post Code')}
            value={v.postcode}
            maxlength={11}
            error={f.tax_postcode && t(f.tax_postcode)}
            note={t('"*" matches every postcode; "9*" every postcode starting with 9. Not used for a range.')}
          />
          <TextField name="zip_from" label={t('Range From')} value={v.zipFrom} maxlength={10} error={f.zip_from && t(f.zip_from)} />
          <TextField name="zip_to" label={t('Range To')} value={v.zipTo} maxlength={10} error={f.zip_to && t(f.zip_to)} />
          <TextField
            name="rate"
            label={t('Rate Percent')}
            value={v.rate}
            required
            maxlength={8}
            error={f.rate && t(f.rate)}
            note={t('From 0 to 100, with at most 4 decimals.')}
          />
        </fieldset>
      </form>
    ),
  });
}
