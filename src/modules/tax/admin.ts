import type { Db } from '../../db/database.ts';
import { bumpVersion, type VersionedCache } from '../../db/versioned-cache.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import type { Translate } from '../../kernel/i18n.ts';
import { COUNTRIES } from '../customers/index.ts';
import { formatPercent, parsePercent } from './calculate.ts';
import { TAX_CACHE, type TaxClass } from './index.ts';
import { taxRepo, type TaxRateRow } from './repo.ts';
import type { TaxData } from './resolve.ts';

/** A tax rate as the form submits it. */
export interface RateInput {
  code: string;
  countryId: string;
  zipIsRange: boolean;
  postcode: string;
  zipFrom: string;
  zipTo: string;
  rate: string;
}

/** A tax rule as the form submits it. */
export interface RuleInput {
  code: string;
  customerClasses: number[];
  productClasses: number[];
  rates: number[];
  priority: string;
  position: string;
}

const FIX = 'Please correct the highlighted fields.';
const POSTCODE = /^[A-Za-z0-9 -]{1,10}$/;

/** The form's values of a saved rate. */
export const rateValues = (r: TaxRateRow): RateInput => ({
  code: r.code,
  countryId: r.tax_country_id,
  zipIsRange: r.zip_is_range === 1,
  postcode: r.tax_postcode,
  zipFrom: r.zip_from,
  zipTo: r.zip_to,
  rate: formatPercent(r.rate),
});

function checkRate(t: Translate, input: RateInput): { fields: Record<string, string>; ppm: number | null } {
  const fields: Record<string, string> = {};
  const code = input.code.trim();
  if (!code) fields.code = t('This is a required field.');
  else if (code.length > 100) fields.code = t('Please enter less or equal than 100 symbols.');
  if (!COUNTRIES.some((c) => c.code === input.countryId)) fields.tax_country_id = t('Please select a country.');
  if (input.zipIsRange) {
    const from = input.zipFrom.trim();
    const to = input.zipTo.trim();
    if (!POSTCODE.test(from)) fields.zip_from = t('Enter a postcode of 1 to 10 letters, digits, spaces or dashes.');
    if (!POSTCODE.test(to)) fields.zip_to = t('Enter a postcode of 1 to 10 letters, digits, spaces or dashes.');
    if (!fields.zip_from && !fields.zip_to && /^\d+$/.test(from) && /^\d+$/.test(to) && Number(from) > Number(to))
      fields.zip_to = t('Range To must not be lower than Range From.');
  } else {
    const p = input.postcode.trim();
    if (p && p !== '*' && !/^[A-Za-z0-9 -]{1,10}\*?$/.test(p))
      fields.tax_postcode = t('Enter "*", a postcode, or the start of one followed by "*" (at most 10 characters).');
  }
  const ppm = parsePercent(input.rate);
  if (ppm === null) fields.rate = t('Enter a rate from 0 to 100 with at most 4 decimals, e.g. 25 or 8.25.');
  return { fields, ppm };
}

function checkRule(t: Translate, input: RuleInput, classes: TaxClass[], rates: TaxRateRow[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const code = input.code.trim();
  if (!code) fields.code = t('This is a required field.');
  else if (code.length > 100) fields.code = t('Please enter less or equal than 100 symbols.');
  const ofType = (type: TaxClass['class_type']) => new Set(classes.filter((c) => c.class_type === type).map((c) => c.id));
  const customer = ofType('CUSTOMER');
  const product = ofType('PRODUCT');
  if (!input.customerClasses.length || input.customerClasses.some((id) => !customer.has(id)))
    fields.tax_customer_class = t('Select at least one customer tax class.');
  if (!input.productClasses.length || input.productClasses.some((id) => !product.has(id)))
    fields.tax_product_class = t('Select at least one product tax class.');
  if (!input.rates.length || input.rates.some((id) => !rates.some((r) => r.id === id))) fields.tax_rate = t('Select at least one tax rate.');
  for (const f of ['priority', 'position'] as const) if (!/^\d{1,6}$/.test(input[f].trim())) fields[f] = t('Enter a whole number from 0 to 999999.');
  return fields;
}

/** A valid rate form as its row: a range or a postcode pattern ("*" when empty), never both. */
const rateRow = (input: RateInput, ppm: number, now: string) => ({
  code: input.code.trim(),
  tax_country_id: input.countryId,
  zip_is_range: input.zipIsRange ? 1 : 0,
  tax_postcode: input.zipIsRange ? '*' : input.postcode.trim() || '*',
  zip_from: input.zipIsRange ? input.zipFrom.trim() : '',
  zip_to: input.zipIsRange ? input.zipTo.trim() : '',
  rate: ppm,
  updated_at: now,
});

/** What the tax admin pages read: classes, rates, rules with their names, one rule with its links. */
const taxAdminReads = {
  classes: (rc: RequestContext): Promise<TaxClass[]> => taxRepo.classes(rc.db),
  rates: (rc: RequestContext) => taxRepo.rates(rc.db),
  rate: (rc: RequestContext, id: number) => taxRepo.rate(rc.db, id),
  /** Tax Rules grid: each rule with the names of its classes and rates. */
  async rulesPage(rc: RequestContext) {
    const [rules, links, classes, rates] = await Promise.all([taxRepo.rules(rc.db), taxRepo.links(rc.db), taxRepo.classes(rc.db), taxRepo.rates(rc.db)]);
    const name = new Map<string, string>([...classes.map((c) => [`c${c.id}`, c.class_name] as const), ...rates.map((r) => [`r${r.id}`, r.code] as const)]);
    return rules.map((rule) => {
      const own = links.filter((l) => l.rule_id === rule.id);
      const names = (type: string, prefix: string) =>
        own.filter((l) => l.link_type === type).map((l) => name.get(`${prefix}${l.link_id}`) ?? String(l.link_id));
      return { ...rule, customer: names('customer', 'c'), product: names('product', 'c'), rates: names('rate', 'r') };
    });
  },
  /** A rule and the ids it links, for its form. */
  async rule(rc: RequestContext, id: number) {
    const rule = await taxRepo.rule(rc.db, id);
    if (!rule) return undefined;
    const links = await taxRepo.ruleLinks(rc.db, id);
    const ids = (type: string) => links.filter((l) => l.link_type === type).map((l) => l.link_id);
    return { ...rule, customerClasses: ids('customer'), productClasses: ids('product'), rates: ids('rate') };
  },
};

/** Tax Zones and Rates and Tax Rules in the admin: lists, validated saves and deletes, each in the Action Log. */
export function taxAdminPart(deps: { cache: VersionedCache<TaxData>; onChange?: (db: Db) => Promise<void> }) {
  /** After a committed change: this process reads afresh, other processes and cached pages are told. */
  async function changed(rc: RequestContext) {
    deps.cache.invalidate();
    await deps.onChange?.(rc.db);
  }

  async function record(rc: RequestContext, action: string, details: string, fullDetails: Record<string, unknown>) {
    await bumpVersion(rc.db, TAX_CACHE);
    await rc.app.services.actionLog.record(rc, { group: 'tax', action, details, fullDetails });
  }

  return {
    ...taxAdminReads,

    async saveRate(rc: RequestContext, input: RateInput, id?: number): Promise<Result<number>> {
      const { fields, ppm } = checkRate(rc.t, input);
      const code = input.code.trim();
      const result = await inTransaction(rc, async (trx): Promise<Result<number>> => {
        const before = id === undefined ? undefined : await taxRepo.rate(trx.db, id);
        if (id !== undefined && !before) return refused('This tax rate no longer exists.', 'not_found');
        const other = code ? await taxRepo.rateByCode(trx.db, code) : undefined;
        if (other && other.id !== id) fields.code = rc.t('Code already exists.');
        if (Object.keys(fields).length || ppm === null) return invalid(FIX, fields);
        const row = rateRow(input, ppm, isoUtc(rc.app.clock.now()));
        const savedId = before ? before.id : await taxRepo.insertRate(trx.db, row);
        if (before) await taxRepo.updateRate(trx.db, before.id, row);
        await record(trx, 'Save Rate', `Tax rate "${code}" (ID ${savedId}) ${before ? 'updated' : 'created'}: ${formatPercent(ppm)}%`, {
          id: savedId,
          old: before ? rateValues(before) : null,
          new: { ...row, rate: formatPercent(ppm) },
        });
        return ok(savedId);
      });
      if (result.ok) await changed(rc);
      return result;
    },

    async deleteRate(rc: RequestContext, id: number): Promise<Result<void>> {
      const result = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const rate = await taxRepo.rate(trx.db, id);
        if (!rate) return refused('This tax rate no longer exists.', 'not_found');
        for (const { rule_id } of await taxRepo.rulesWithRate(trx.db, id))
          if ((await taxRepo.ruleLinks(trx.db, rule_id)).filter((l) => l.link_type === 'rate').length === 1)
            return refused('The tax rate cannot be deleted: it is the only rate of a tax rule. Change or delete the rule first.', 'conflict');
        await taxRepo.deleteRate(trx.db, id);
        await record(trx, 'Delete Rate', `Tax rate "${rate.code}" (ID ${rate.id}) deleted`, { deleted: rateValues(rate) });
        return ok(undefined);
      });
      if (result.ok) await changed(rc);
      return result;
    },

    async saveRule(rc: RequestContext, input: RuleInput, id?: number): Promise<Result<number>> {
      const code = input.code.trim();
      const result = await inTransaction(rc, async (trx): Promise<Result<number>> => {
        const before = id === undefined ? undefined : await taxRepo.rule(trx.db, id);
        if (id !== undefined && !before) return refused('This tax rule no longer exists.', 'not_found');
        const fields = checkRule(rc.t, input, await taxRepo.classes(trx.db), await taxRepo.rates(trx.db));
        const other = code ? await taxRepo.ruleByCode(trx.db, code) : undefined;
        if (other && other.id !== id) fields.code = rc.t('Code already exists.');
        if (Object.keys(fields).length) return invalid(FIX, fields);
        const row = { code, priority: Number(input.priority), position: Number(input.position), updated_at: isoUtc(rc.app.clock.now()) };
        const savedId = before ? before.id : await taxRepo.insertRule(trx.db, row);
        if (before) await taxRepo.updateRule(trx.db, before.id, row);
        const uniq = (ids: number[]) => [...new Set(ids)];
        await taxRepo.replaceLinks(trx.db, savedId, [
          ...uniq(input.customerClasses).map((link_id) => ({ link_type: 'customer' as const, link_id })),
          ...uniq(input.productClasses).map((link_id) => ({ link_type: 'product' as const, link_id })),
          ...uniq(input.rates).map((link_id) => ({ link_type: 'rate' as const, link_id })),
        ]);
        await record(trx, 'Save Rule', `Tax rule "${code}" (ID ${savedId}) ${before ? 'updated' : 'created'}`, {
          id: savedId,
          old: before ?? null,
          new: { ...row, customer_classes: uniq(input.customerClasses), product_classes: uniq(input.productClasses), rates: uniq(input.rates) },
        });
        return ok(savedId);
      });
      if (result.ok) await changed(rc);
      return result;
    },

    async deleteRule(rc: RequestContext, id: number): Promise<Result<void>> {
      const result = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const rule = await taxRepo.rule(trx.db, id);
        if (!rule) return refused('This tax rule no longer exists.', 'not_found');
        const links = await taxRepo.ruleLinks(trx.db, id);
        await taxRepo.deleteRule(trx.db, id);
        await record(trx, 'Delete Rule', `Tax rule "${rule.code}" (ID ${rule.id}) deleted`, { deleted: { ...rule, links } });
        return ok(undefined);
      });
      if (result.ok) await changed(rc);
      return result;
    },
  };
}
