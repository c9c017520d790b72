/** The page-cache module's public surface: what other modules may use. */
import type { Services } from '../../kernel/services.ts';

export { PAGE_CACHE_TTL, PAGE_CACHE_VERSION, type GuestPage } from './public.ts';

export type PageCacheService = Services['pageCache'];
