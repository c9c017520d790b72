import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { notFound } from '../../../kernel/errors.ts';
import { invalid, ok, type Result } from '../../../kernel/result.ts';
import { validateAddress, type AddressInput } from '../public.ts';
import { customersRepo } from '../repo.ts';
import { actingAdmin, addressRow, type CustomersCore } from './core.ts';

/** The address book: saving and deleting addresses, and the data of its pages (storefront and admin). */
export function addressesPart(core: CustomersCore) {
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
        const where = { street: input.street.trim(), city: input.city.trim() };
        await core.activity(trx, customerId, { kind: addressId ? 'address.changed' : 'address.added', params: where });
        return ok(id);
      });
    },

    async deleteAddress(rc: RequestContext, customerId: number, addressId: number): Promise<Result<void>> {
      // Decided before the transaction, so the Failure entry outlives the refusal.
      const refusal = await core.refusal(rc, 'delete_address');
      if (refusal) return refusal;
      return inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        const address = await customersRepo.address(trx.db, customerId, addressId);
        if (!customer || !address) throw notFound('This address no longer exists.');
        if (customer.default_billing_id === addressId || customer.default_shipping_id === addressId)
          return invalid('You cannot delete a default address. Make another address the default first.');
        await customersRepo.deleteAddress(trx.db, addressId);
        await core.activity(trx, customerId, { kind: 'address.deleted', params: { street: address.street, city: address.city } });
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
