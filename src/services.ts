import type { SessionStore } from './http/sessions.ts';
import type { ActionLogService } from './modules/action-log/service.ts';
import type { AdminUsersService } from './modules/admin-users/service.ts';
import type { ConfigService } from './modules/config/service.ts';
import type { StoresService } from './modules/stores/service.ts';
import type { PageCacheService } from './modules/page-cache/service.ts';
import type { StoresAdminService } from './modules/stores/admin-service.ts';
import type { CatalogService } from './modules/catalog/service.ts';
import type { CartService } from './modules/checkout/service.ts';
import type { CustomersService } from './modules/customers/service.ts';
import type { Mailer } from './modules/mail/mailer.ts';
import type { SalesService } from './modules/sales/service.ts';
import type { LoginAsCustomerService } from './modules/login-as-customer/service.ts';

/** Every module's service, built once in app.ts. Modules reach each other only through these. */
export interface Services {
  sessions: SessionStore;
  stores: StoresService;
  config: ConfigService;
  actionLog: ActionLogService;
  adminUsers: AdminUsersService;
  pageCache: PageCacheService;
  storesAdmin: StoresAdminService;
  catalog: CatalogService;
  customers: CustomersService;
  cart: CartService;
  sales: SalesService;
  mail: Mailer;
  loginAsCustomer: LoginAsCustomerService;
}
