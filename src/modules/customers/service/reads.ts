import type { RequestContext } from '../../../kernel/request-context.ts';
import { type AddressInput, COUNTRIES, consentActive, validateAddress } from '../public.ts';
import { customersRepo } from '../repo.ts';

/** Plain reads other modules make (checkout, sales): accounts and saved addresses, and the address rules. */
export function readsPart() {
  return {
    /** Field messages for an address (empty when it is acceptable). */
    validateAddress: (a: AddressInput) => validateAddress(a),
    /** The countries an address may name (code and English name). */
    countries: () => COUNTRIES,
    /** A customer's account, or undefined. */
    byId: (rc: RequestContext, customerId: number) => customersRepo.byId(rc.db, customerId),
    /** A customer by email, within a website or (websiteId undefined) across all of them. */
    byEmail: (rc: RequestContext, email: string, websiteId?: number) => customersRepo.byEmail(rc.db, email, websiteId),
    /** Whether a customer's remote shopping assistance consent holds at `now`. */
    consentActive,
    /** A customer's saved addresses. */
    addresses: (rc: RequestContext, customerId: number) => customersRepo.addresses(rc.db, customerId),
    /** One saved address of a customer, or undefined. */
    address: (rc: RequestContext, customerId: number, addressId: number) => customersRepo.address(rc.db, customerId, addressId),
  };
}
