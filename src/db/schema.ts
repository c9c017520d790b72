import type { ActionLogTables } from '../modules/action-log/tables.ts';
import type { AdminUsersTables } from '../modules/admin-users/tables.ts';
import type { ConfigTables } from '../modules/config/tables.ts';
import type { StoresTables } from '../modules/stores/tables.ts';
import type { CatalogTables } from '../modules/catalog/tables.ts';
import type { CheckoutTables } from '../modules/checkout/tables.ts';
import type { CustomersTables } from '../modules/customers/tables.ts';
import type { SalesTables } from '../modules/sales/tables.ts';
import type { LoginAsCustomerTables } from '../modules/login-as-customer/tables.ts';
import type { JobsTables } from '../modules/jobs/tables.ts';
import type { CurrencyTables } from '../modules/currency/tables.ts';
import type { AdminNotificationsTables } from '../modules/admin-notifications/tables.ts';
import type { TaxTables } from '../modules/tax/tables.ts';

/** Tables owned by infrastructure rather than a feature module. */
export interface InfrastructureTables {
  sessions: {
    id_hash: string;
    kind: string;
    subject_id: number | null;
    data: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    /** When this admin-panel session last proved who it is (sign-in, a confirmed password or passkey). */
    authenticated_at: string | null;
  };
  cache_versions: { name: string; version: number };
}

/** The whole schema: each module declares its own tables in its tables.ts. */
export interface Database
  extends InfrastructureTables,
    StoresTables,
    AdminUsersTables,
    ConfigTables,
    ActionLogTables,
    CustomersTables,
    CatalogTables,
    CheckoutTables,
    SalesTables,
    LoginAsCustomerTables,
    JobsTables,
    CurrencyTables,
    AdminNotificationsTables,
    TaxTables {}
