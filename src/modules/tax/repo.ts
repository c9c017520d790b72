import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaxTables } from './tables.ts';

export type TaxRateRow = Selectable<TaxTables['tax_rates']>;
export type TaxRuleRow = Selectable<TaxTables['tax_rules']>;
export type TaxRuleLink = Selectable<TaxTables['tax_rule_links']>;

/** The only SQL on tax_classes, tax_rates, tax_rules and tax_rule_links. */
export const taxRepo = {
  classes: (db: Db) => db.selectFrom('tax_classes').selectAll().orderBy('class_type').orderBy('id').execute(),
  rates: (db: Db) => db.selectFrom('tax_rates').selectAll().orderBy('code').orderBy('id').execute(),
  rules: (db: Db) => db.selectFrom('tax_rules').selectAll().orderBy('priority').orderBy('position').orderBy('id').execute(),
  links: (db: Db) => db.selectFrom('tax_rule_links').selectAll().execute(),

  rate: (db: Db, id: number) => db.selectFrom('tax_rates').selectAll().where('id', '=', id).executeTakeFirst(),
  rateByCode: (db: Db, code: string) => db.selectFrom('tax_rates').selectAll().where('code', '=', code).executeTakeFirst(),
  async insertRate(db: Db, row: Insertable<TaxTables['tax_rates']>) {
    return Number((await db.insertInto('tax_rates').values(row).returning('id').executeTakeFirstOrThrow()).id);
  },
  async updateRate(db: Db, id: number, row: Partial<Insertable<TaxTables['tax_rates']>>) {
    await db.updateTable('tax_rates').set(row).where('id', '=', id).execute();
  },
  /** Deletes a rate and its place in rules. */
  async deleteRate(db: Db, id: number) {
    await db.deleteFrom('tax_rule_links').where('link_type', '=', 'rate').where('link_id', '=', id).execute();
    await db.deleteFrom('tax_rates').where('id', '=', id).execute();
  },
  /** Rules that name a rate (a rate may not be deleted from under a rule whose only rate it is). */
  rulesWithRate: (db: Db, rateId: number) =>
    db.selectFrom('tax_rule_links').select('rule_id').where('link_type', '=', 'rate').where('link_id', '=', rateId).execute(),

  rule: (db: Db, id: number) => db.selectFrom('tax_rules').selectAll().where('id', '=', id).executeTakeFirst(),
  ruleByCode: (db: Db, code: string) => db.selectFrom('tax_rules').selectAll().where('code', '=', code).executeTakeFirst(),
  ruleLinks: (db: Db, ruleId: number) => db.selectFrom('tax_rule_links').selectAll().where('rule_id', '=', ruleId).execute(),
  async insertRule(db: Db, row: Insertable<TaxTables['tax_rules']>) {
    return Number((await db.insertInto('tax_rules').values(row).returning('id').executeTakeFirstOrThrow()).id);
  },
  async updateRule(db: Db, id: number, row: Partial<Insertable<TaxTables['tax_rules']>>) {
    await db.updateTable('tax_rules').set(row).where('id', '=', id).execute();
  },
  async replaceLinks(db: Db, ruleId: number, links: Omit<TaxRuleLink, 'rule_id'>[]) {
    await db.deleteFrom('tax_rule_links').where('rule_id', '=', ruleId).execute();
    if (links.length)
      await db
        .insertInto('tax_rule_links')
        .values(links.map((l) => ({ ...l, rule_id: ruleId })))
        .execute();
  },
  async deleteRule(db: Db, id: number) {
    await db.deleteFrom('tax_rule_links').where('rule_id', '=', id).execute();
    await db.deleteFrom('tax_rules').where('id', '=', id).execute();
  },
};
