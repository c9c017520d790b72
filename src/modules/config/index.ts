/** The config module's public surface: what other modules may use. */
import type { Services } from '../../kernel/services.ts';

export { CONFIG_CACHE, CONFIG_RESOURCE, type ConfigChange, type ScopeRef } from './public.ts';

export type ConfigService = Services['config'];
