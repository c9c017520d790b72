import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { notFound } from '../../../kernel/errors.ts';
import { invalid, ok, type Result } from '../../../kernel/result.ts';
import { customersRepo } from '../repo.ts';
import { actingAdmin } from './core.ts';
import { NO_TAX_CLASS, TAX_PATHS } from '../../tax/index.ts';

/** Customer groups: the admin's list, saving, deleting and assigning customers to one. */
export function groupsPart() {
  return {
    /** Every group, NOT LOGGED IN (id 0) included, by id. */
    groups: (rc: RequestContext) => customersRepo.groups(rc.db),
    group: (rc: RequestContext, groupId: number) => customersRepo.group(rc.db, groupId),
    /** Customer Groups grid: the groups and how many customers each has. */
    async groupsOverview(rc: RequestContext) {
      return { groups: await customersRepo.groups(rc.db), counts: await customersRepo.groupCounts(rc.db) };
    },

    async assignGroup(rc: RequestContext, customerIds: number[], groupId: number): Promise<Result<void>> {
      const group = await customersRepo.group(rc.db, groupId);
      if (!group || group.id === 0) return invalid('Please select a customer group.');
      await inTransaction(rc, async (trx) => {
        const now = isoUtc(rc.app.clock.now());
        for (const id of customerIds) await customersRepo.update(trx.db, id, { group_id: groupId, updated_at: now, updated_by_admin_id: actingAdmin(rc).id });
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Assign Group',
          details: `Assigned ${customerIds.length} customer(s) to group "${group.code}"`,
          fullDetails: { customer_ids: customerIds, group_id: groupId },
        });
      });
      return ok(undefined);
    },

    /** Saves a group's name and customer tax class (absent: kept, or the Default Tax Class for Customer when new). */
    async saveGroup(rc: RequestContext, code: string, groupId?: number, taxClassId?: number): Promise<Result<number>> {
      const name = code.trim();
      if (!name) return invalid('Please correct the highlighted fields.', { code: 'This is a required field.' });
      if (name.length > 32) return invalid('Please correct the highlighted fields.', { code: 'Code should not exceed 32 characters.' });
      return inTransaction(rc, async (trx) => {
        const before = groupId !== undefined ? await customersRepo.group(trx.db, groupId) : undefined;
        if (groupId !== undefined && !before) throw notFound();
        if (before?.id === 0) return invalid('The NOT LOGGED IN group cannot be renamed.');
        const other = await customersRepo.groupByCode(trx.db, name);
        if (other && other.id !== groupId) return invalid('Please correct the highlighted fields.', { code: 'Customer Group already exists.' });
        const taxClass = taxClassId ?? before?.tax_class_id ?? (await rc.app.services.config.getInt(TAX_PATHS.defaultCustomerClass, {}, trx.db));
        const classes = (await rc.app.services.tax.classes(trx)).filter((c) => c.class_type === 'CUSTOMER');
        if (taxClass !== NO_TAX_CLASS && !classes.some((c) => c.id === taxClass))
          return invalid('Please correct the highlighted fields.', { tax_class_id: rc.t('Please select a tax class.') });
        let id = groupId;
        if (before) await customersRepo.updateGroup(trx.db, before.id, name, taxClass);
        else {
          id = await customersRepo.insertGroup(trx.db, name, taxClass);
          // The new group's prices, so storefront lists read them from the index.
          await rc.app.services.catalog.refreshPriceIndex(trx, { groupId: id });
        }
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Save Group',
          details: `Customer group "${name}" (ID ${id}) ${before ? 'updated' : 'created'}`,
          fullDetails: { id, old: before?.code ?? null, new: name, tax_class: { old: before?.tax_class_id ?? null, new: taxClass } },
        });
        return ok(id!);
      });
    },

    async deleteGroup(rc: RequestContext, groupId: number): Promise<Result<void>> {
      const result = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const group = await customersRepo.group(trx.db, groupId);
        if (!group) throw notFound();
        if (group.is_system === 1) return invalid('This customer group cannot be deleted.');
        await customersRepo.deleteGroup(trx.db, groupId);
        await rc.app.services.catalog.refreshPriceIndex(trx, { groupId });
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Delete Group',
          details: `Customer group "${group.code}" (ID ${group.id}) deleted; its customers moved to General`,
          fullDetails: { deleted: group },
        });
        return ok(undefined);
      });
      if (result.ok) await rc.app.services.pageCache.flush(rc.db);
      return result;
    },
  };
}
