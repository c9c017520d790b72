import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { notFound } from '../../../kernel/errors.ts';
import { invalid, ok, refused, type Result } from '../../../kernel/result.ts';
import { BLOCKED_MESSAGE, validateAddress, type AddressInput } from '../public.ts';
import { customersRepo } from '../repo.ts';
import { actingAdmin, addressRow } from './core.ts';

/** The address book: saving and deleting addresses, and the data of its pages (storefront and admin). */
export function addressesPart() {
  return {
    async saveAddress(rc: RequestContext, customerId: number, input: AddressInput, addressId?: number): Promise<Result<number>> {
      const errors = validateAddress(input);
      if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
      return inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        if (!customer) throw notFound();
        if (addressId && !(await customersRepo.address(trx.db, customerId, addressId))) throw notFound('This address no longer exists.');
        const now = isoUtc(rc.app.clock.now());
        const by = actingAdmin(rc).id;
        let id = addressId;
        if (id) await customersRepo.updateAddress(trx.db, id, { ...addressRow(input), updated_at: now, updated_by_admin_id: by });
        else
          id = await customersRepo.insertAddress(trx.db, {
            customer_id: customerId,
            ...addressRow(input),
            created_at: now,
            updated_at: now,
            updated_by_admin_id: by,
          });
        // The first address becomes the default for both, as shoppers expect.
        const first = (await customersRepo.addresses(trx.db, customerId)).length === 1;
        const patch: { default_billing_id?: number; default_shipping_id?: number } = {};
        if (input.defaultBilling || first || !customer.default_billing_id) patch.default_billing_id = id;
        if (input.defaultShipping || first || !customer.default_shipping_id) patch.default_shipping_id = id;
        if (Object.keys(patch).length) await customersRepo.update(trx.db, customerId, { ...patch, updated_at: now });
        await rc.app.services.loginAsCustomer.note(trx, `${addressId ? 'changed' : 'added'} the address ${input.street.trim()}, ${input.city.trim()}`);
        return ok(id);
      });
    },

    async deleteAddress(rc: RequestContext, customerId: number, addressId: number): Promise<Result<void>> {
      // Decided before the transaction, so the Failure entry outlives the refusal.
      if (await rc.app.services.loginAsCustomer.refuseIfBlocked(rc, 'delete_address')) return refused(BLOCKED_MESSAGE, 'validation', { code: 'blocked' });
      return inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        const address = await customersRepo.address(trx.db, customerId, addressId);
        if (!customer || !address) throw notFound('This address no longer exists.');
        if (customer.default_billing_id === addressId || customer.default_shipping_id === addressId)
          return invalid('You cannot delete a default address. Make another address the default first.');
        await customersRepo.deleteAddress(trx.db, addressId);
        await rc.app.services.loginAsCustomer.note(trx, `deleted the address ${address.street}, ${address.city}`);
        return ok(undefined);
      });
    },

    /** The address book page: the customer (for the defaults) and every address. */
    async addressBook(rc: RequestContext, customerId: number) {
      const customer = await customersRepo.byId(rc.db, customerId);
      return customer ? { customer, addresses: await customersRepo.addresses(rc.db, customerId) } : undefined;
    },

    /** An address form's data: the customer, and the address being edited (undefined when either is missing). */
    async addressForm(rc: RequestContext, customerId: number, addressId?: number) {
      const customer = await customersRepo.byId(rc.db, customerId);
      if (!customer) return undefined;
      if (addressId === undefined) return { customer, address: undefined };
      const address = await customersRepo.address(rc.db, customerId, addressId);
      return address ? { customer, address } : undefined;
    },
  };
}
