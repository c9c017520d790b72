import { actionLogModule } from './action-log/index.ts';
import { adminShellModule } from './admin-shell/index.tsx';
import { adminUsersModule } from './admin-users/index.ts';
import { configModule } from './config/index.ts';
import { loginAsCustomerModule } from './login-as-customer/index.ts';
import { storesModule } from './stores/index.ts';
import { catalogModule } from './catalog/index.ts';
import { checkoutModule } from './checkout/index.ts';
import { customersModule } from './customers/index.ts';
import { salesModule } from './sales/index.ts';
import { apiModule } from './api/index.ts';
import { pageCacheModule } from './page-cache/index.tsx';
import type { ModuleManifest } from './types.ts';

/** The explicit list of feature modules, in menu order. */
export function allModules(): ModuleManifest[] {
  const features: ModuleManifest[] = [adminShellModule, salesModule, catalogModule, customersModule, checkoutModule, storesModule, configModule, adminUsersModule, loginAsCustomerModule, pageCacheModule, apiModule];
  // Admin Actions Logging offers a switch per group, so it is built from every other module's groups.
  const groups = features.flatMap((m) => m.actionGroups ?? []);
  return [...features, actionLogModule(groups)];
}
