import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey } from '../../../ui/components.tsx';

export interface RateRow {
  from: string;
  to: string;
  rate: string;
}

/** Stores > Currency Rates: one input per base → allowed currency, as typed when the save was refused. */
export function ratesPage(rc: RequestContext, rows: RateRow[], errors: string[] = [], fields: Record<string, string> = {}) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Currency Rates'),
    active: 'stores',
    actions: (
      <button type="submit" form="currency-rates" class="action-primary" safe>
        {t('Save Currency Rates')}
      </button>
    ),
    content: (
      <form id="currency-rates" method="post" action="/admin/stores/currency/rates">
        <FormKey rc={rc} />
        <FormErrors messages={errors} />
        {rows.length ? (
          <table class="data-grid">
            <thead>
              <tr>
                <th safe>{t('Base Currency')}</th>
                <th safe>{t('Currency')}</th>
                <th safe>{t('Rate')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const name = `rate_${r.from}_${r.to}`;
                const error = fields[name];
                return (
                  <tr>
                    <td safe>{r.from}</td>
                    <td safe>{r.to}</td>
                    <td class={error ? 'field-error' : ''}>
                      <input
                        id={`f-${name}`}
                        name={name}
                        value={r.rate}
                        inputmode="decimal"
                        aria-label={t('Rate from {from} to {to}', { from: r.from, to: r.to })}
                        aria-invalid={error ? 'true' : undefined}
                      />
                      {error ? (
                        <div class="field-error-message" safe>
                          {error}
                        </div>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p safe>{t('Only the base currency is allowed: there are no rates to enter.')}</p>
        )}
        <p class="note" safe>
          {t('Units of each currency for one unit of the base currency, with at most 6 decimals. Leave a rate empty to keep it unset.')}
        </p>
      </form>
    ),
  });
}
