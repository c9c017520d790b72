import { actionLogModule } from './action-log/module.ts';
import { adminShellModule } from './admin-shell/module.tsx';
import { adminUsersModule } from './admin-users/module.ts';
import { configModule } from './config/module.ts';
import { loginAsCustomerModule } from './login-as-customer/module.ts';
import { storesModule } from './stores/module.ts';
import { catalogModule } from './catalog/module.ts';
import { checkoutModule } from './checkout/module.ts';
import { customersModule } from './customers/module.ts';
import { salesModule } from './sales/module.ts';
import { apiModule } from './api/module.ts';
import { pageCacheModule } from './page-cache/module.tsx';
import { jobsModule } from './jobs/module.ts';
import { adminNotificationsModule } from './admin-notifications/module.ts';
import { currencyModule } from './currency/module.ts';
import { taxModule } from './tax/module.ts';
import type { ModuleManifest } from './types.ts';

/** The explicit list of feature modules, in menu order. */
export function allModules(): ModuleManifest[] {
  const features: ModuleManifest[] = [
    adminShellModule,
    salesModule,
    catalogModule,
    customersModule,
    checkoutModule,
    storesModule,
    currencyModule,
    taxModule,
    configModule,
    adminUsersModule,
    loginAsCustomerModule,
    pageCacheModule,
    jobsModule,
    adminNotificationsModule,
    apiModule,
  ];
  // Admin Actions Logging offers a switch per group, so it is built from every other module's groups.
  const groups = features.flatMap((m) => m.actionGroups ?? []);
  return [...features, actionLogModule(groups)];
}
