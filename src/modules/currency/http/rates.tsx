import { flashNext } from '../../../http/flash.ts';
import type { RouteRegistrar } from '../../types.ts';
import { CURRENCY_RATES_RESOURCE } from '../index.ts';
import { ratesPage } from '../views/rates.tsx';
import { ratesForm } from './forms.ts';

const PATH = '/stores/currency/rates';

export function currencyRoutes(r: RouteRegistrar) {
  r.adminGet(PATH, { resource: CURRENCY_RATES_RESOURCE, actionName: 'adminhtml_system_currency_index' }, async (_req, _reply, rc) =>
    ratesPage(rc, await rc.app.services.currency.ratesPage(rc)),
  );

  r.adminPost(PATH, { resource: CURRENCY_RATES_RESOURCE, actionName: 'adminhtml_system_currency_saveRates' }, async (req, reply, rc) => {
    const input = ratesForm.parse(req.body ?? {});
    const result = await rc.app.services.currency.saveRates(rc, input);
    if (!result.ok) {
      reply.code(400);
      const typed = new Map(input.map((i) => [`${i.from}>${i.to}`, i.value]));
      const rows = (await rc.app.services.currency.ratesPage(rc)).map((row) => ({ ...row, rate: typed.get(`${row.from}>${row.to}`) ?? row.rate }));
      return ratesPage(rc, rows, result.messages, result.fields);
    }
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('The currency rates have been saved.') });
    return reply.redirect(`/admin${PATH}`, 303);
  });
}
