import type { SessionStore } from './http/sessions.ts';
import type { ActionLogService } from './modules/action-log/service.ts';
import type { AdminUsersService } from './modules/admin-users/service.ts';
import type { ConfigService } from './modules/config/service.ts';
import type { StoresService } from './modules/stores/service.ts';
import type { PageCacheService } from './modules/page-cache/service.ts';
import type { StoresAdminService } from './modules/stores/admin-service.ts';

/** Every module's service, built once in app.ts. Modules reach each other only through these. */
export interface Services {
  sessions: SessionStore;
  stores: StoresService;
  config: ConfigService;
  actionLog: ActionLogService;
  adminUsers: AdminUsersService;
  pageCache: PageCacheService;
  storesAdmin: StoresAdminService;
}
