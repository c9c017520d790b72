import type { RequestContext } from '../../../kernel/request-context.ts';
import type { DocumentKind } from '../index.ts';
import type { OrderViewData } from '../pages.ts';
import { DOCS } from './admin-common.ts';
import { date, money } from './format.ts';

/** The order view's Invoices / Shipments / Credit Memos tab. */
export function DocumentsTab({ rc, kind, docs }: { rc: RequestContext; kind: DocumentKind; docs: OrderViewData['documents'] }) {
  const t = rc.t;
  return (
    <table class="data-grid">
      <thead>
        <tr>
          <th safe>{t(DOCS[kind].single)}</th>
          <th safe>{t('Created')}</th>
          <th safe>{kind === 'shipments' ? t('Total Quantity') : t('Amount')}</th>
          <th safe>{t('Action')}</th>
        </tr>
      </thead>
      <tbody>
        {docs.length ? (
          docs.map((d) => (
            <tr>
              <td safe>{d.increment_id}</td>
              <td safe>{date(rc, d.created_at)}</td>
              <td safe>{kind === 'shipments' ? String(d.total_qty) : money(rc, d.grand_total)}</td>
              <td>
                <a href={`${DOCS[kind].path}/${d.id}`} safe>
                  {t('View')}
                </a>
              </td>
            </tr>
          ))
        ) : (
          <tr class="data-grid-empty">
            <td colspan="4" safe>
              {t("We couldn't find any records.")}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
