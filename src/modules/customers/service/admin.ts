import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { notFound } from '../../../kernel/errors.ts';
import { invalid, ok, refused, type Result } from '../../../kernel/result.ts';
import { hashPassword } from '../../../kernel/passwords.ts';
import {
  CHANGE_OPT_IN_RESOURCE,
  consentActive,
  customerPasswordProblem,
  NO_OPT_IN_PERMISSION,
  NO_PROTECT_PERMISSION,
  PROTECT_RESOURCE,
  type AccountInput,
  type ProtectionReason,
} from '../public.ts';
import { validateEmail, validateName } from '../public.ts';
import { customersRepo, type CustomerRow } from '../repo.ts';
import { actingAdmin, emailTaken, lacEnabled, type CustomersCore } from './core.ts';

export type AdminAccountInput = AccountInput & {
  websiteId: number;
  groupId: number;
  active: boolean;
  assistance?: boolean;
  /** "Protected account": a reason, null for none; undefined leaves it as it is; 'invalid' is an unknown choice. */
  protection?: ProtectionReason | null | 'invalid';
  password?: string;
};

type StoreTree = Awaited<ReturnType<RequestContext['app']['services']['stores']['tree']>>;

/** Field problems of the admin's Account Information form, with the store tree it was checked against. */
async function adminSaveProblems(rc: RequestContext, input: AdminAccountInput) {
  const errors: Record<string, string> = {};
  validateName(input, errors);
  validateEmail(input.email, errors);
  if (input.password) {
    const pw = customerPasswordProblem(input.password);
    if (pw) errors.password = pw;
  }
  if (input.protection === 'invalid') errors.protected_reason = 'Please select a valid option.';
  const group = await customersRepo.group(rc.db, input.groupId);
  if (!group || group.id === 0) errors.group_id = 'Please select a customer group.';
  const tree = await rc.app.services.stores.tree();
  if (!tree.websites.some((w) => w.id === input.websiteId)) errors.website_id = 'Please select a website.';
  return { errors, tree };
}

/** The store view a new account belongs to: its website's default store's default view (or its first view). */
function defaultViewOf(tree: StoreTree, websiteId: number): number {
  const website = tree.websites.find((w) => w.id === websiteId)!;
  const views = tree.views.filter((v) => v.website_id === websiteId);
  const defaultView = tree.stores.find((s) => s.id === website.default_store_id)?.default_store_view_id;
  return (views.find((v) => v.id === defaultView) ?? views[0])?.id ?? 1;
}

/** Writes the account (insert or update) and logs the Save with what changed. */
async function writeAccount(
  trx: RequestContext,
  rc: RequestContext,
  input: AdminAccountInput,
  before: CustomerRow | undefined,
  tree: StoreTree,
  passwordHash?: string,
) {
  const now = isoUtc(rc.app.clock.now());
  const row = {
    firstname: input.firstname.trim(),
    lastname: input.lastname.trim(),
    email: input.email.trim().toLowerCase(),
    group_id: input.groupId,
    is_active: input.active ? 1 : 0,
    updated_at: now,
    updated_by_admin_id: actingAdmin(rc).id,
    ...(passwordHash ? { password_hash: passwordHash } : {}),
    ...(input.protection !== undefined && input.protection !== 'invalid' ? { protected_reason: input.protection } : {}),
  };
  let id = before?.id;
  if (before) await customersRepo.update(trx.db, before.id, row);
  else
    id = await customersRepo.insert(trx.db, {
      ...row,
      website_id: input.websiteId,
      store_view_id: defaultViewOf(tree, input.websiteId),
      password_hash: passwordHash ?? null,
      assistance_allowed: 0,
      default_billing_id: null,
      default_shipping_id: null,
      created_at: now,
    });
  const after = (await customersRepo.byId(trx.db, id!))!;
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  if (before)
    for (const k of ['firstname', 'lastname', 'email', 'group_id', 'is_active', 'protected_reason'] as const)
      if (before[k] !== after[k]) changes[k] = { old: before[k], new: after[k] };
  await rc.app.services.actionLog.record(trx, {
    group: 'customers',
    action: 'Save',
    details: `Customer ${after.email} (ID ${after.id}) ${before ? 'updated' : 'created'}`,
    fullDetails: before
      ? { id: after.id, changes }
      : {
          id: after.id,
          created: { email: after.email, website_id: after.website_id, group_id: after.group_id, protected_reason: after.protected_reason ?? null },
        },
  });
  if ((before?.protected_reason ?? null) !== (after.protected_reason ?? null))
    await rc.app.services.actionLog.record(trx, {
      group: 'customers',
      action: after.protected_reason ? 'Protect Account' : 'Lift Protection',
      details: after.protected_reason
        ? `Customer ${after.email} (ID ${after.id}) marked protected: ${after.protected_reason}`
        : `Customer ${after.email} (ID ${after.id}) is no longer protected`,
      fullDetails: { customer_id: after.id, protected_reason: { old: before?.protected_reason ?? null, new: after.protected_reason ?? null } },
    });
  return after;
}

/** Customers > All Customers > New / edit > Account Information. */
async function adminSave(core: CustomersCore, rc: RequestContext, input: AdminAccountInput, customerId?: number): Promise<Result<number>> {
  const { errors, tree } = await adminSaveProblems(rc, input);
  if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(rc, async (trx) => {
    const before = customerId ? await customersRepo.byId(trx.db, customerId) : undefined;
    if (customerId && !before) throw notFound('This customer no longer exists.');
    const wantsConsentChange = input.assistance !== undefined && (!before ? input.assistance : input.assistance !== consentActive(before, rc.app.clock.now()));
    // Spec §3: without the change-opt-in permission the field is read-only, and a forged submit changes nothing.
    const mayChange = rc.permissions.all || rc.permissions.resources.has(CHANGE_OPT_IN_RESOURCE);
    if (wantsConsentChange && (await lacEnabled(trx)) && !mayChange) return refused(NO_OPT_IN_PERMISSION, 'forbidden');
    // Protecting an account, or lifting it, is for those who may approve its assisted sessions.
    const wantsProtectionChange = input.protection !== undefined && (before?.protected_reason ?? null) !== input.protection;
    if (wantsProtectionChange && !(rc.permissions.all || rc.permissions.resources.has(PROTECT_RESOURCE))) return refused(NO_PROTECT_PERMISSION, 'forbidden');
    if (await emailTaken(trx, input.email.trim().toLowerCase(), input.websiteId, customerId)) {
      const taken = 'A customer with the same email address already exists in an associated website.';
      return invalid(taken, { email: taken });
    }
    const after = await writeAccount(trx, rc, input, before, tree, passwordHash);
    if (wantsConsentChange && (await lacEnabled(trx))) await core.recordConsent(trx, after, input.assistance!);
    // A deactivated customer is signed out everywhere at once, and what depended on the account ends now.
    if (before && before.is_active === 1 && !input.active) {
      await core.accountClosed(trx, before.id, 'customer_inactive');
      await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', before.id);
    }
    return ok(after.id);
  });
}

/** The admin's customer management: accounts, lockout, deletion and the data of the customer grid and edit page. */
export function adminPart(core: CustomersCore) {
  return {
    adminSave: (rc: RequestContext, input: AdminAccountInput, customerId?: number) => adminSave(core, rc, input, customerId),

    /** Whether sign-in is locked for this account now, and until when. */
    lockedUntil(rc: RequestContext, customer: Pick<CustomerRow, 'lock_expires'>): string | null {
      return customer.lock_expires && customer.lock_expires > isoUtc(rc.app.clock.now()) ? customer.lock_expires : null;
    },

    /**
     * Lifts the sign-in lockout of these customers (admin Unlock, mass action, CLI customer:unlock) and clears
     * their failure counts; one Unlock entry per account that was locked. Returns those accounts.
     */
    async unlock(rc: RequestContext, customerIds: number[]): Promise<{ id: number; email: string; website_id: number }[]> {
      return inTransaction(rc, async (trx) => {
        const lifted = await customersRepo.unlock(trx.db, customerIds, isoUtc(rc.app.clock.now()));
        for (const c of lifted)
          await rc.app.services.actionLog.record(trx, {
            group: 'customers',
            action: 'Unlock',
            details: `Customer ${c.email} (ID ${c.id}) unlocked`,
            fullDetails: { customer_id: c.id, email: c.email, website_id: c.website_id },
          });
        return lifted;
      });
    },

    async adminDelete(rc: RequestContext, customerIds: number[]) {
      await inTransaction(rc, async (trx) => {
        const rows = (await Promise.all(customerIds.map((id) => customersRepo.byId(trx.db, id)))).filter((c): c is CustomerRow => !!c);
        for (const c of rows) {
          await core.accountClosed(trx, c.id, 'customer_deleted');
          await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', c.id);
        }
        await customersRepo.delete(
          trx.db,
          rows.map((c) => c.id),
        );
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Delete',
          details: `Deleted ${rows.length} customer(s)`,
          fullDetails: { deleted: rows.map((c) => ({ id: c.id, email: c.email })) },
        });
      });
    },

    /** A customer by id, or undefined. */
    customer: (rc: RequestContext, customerId: number) => customersRepo.byId(rc.db, customerId),
  };
}
