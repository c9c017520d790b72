/** ACL resource of Stores > Settings > Configuration. */
export const CONFIG_RESOURCE = 'stores.settings.config';

/** The version stamp of stored configuration. */
export const CONFIG_CACHE = 'config';

/** Where a value is read: a store view (falls back to its website, then default) or a website, or default. */
export interface ScopeRef {
  storeViewId?: number;
  websiteId?: number;
}

export interface ConfigChange {
  path: string;
  /** null = stop overriding here (use the inherited value). */
  value: string | null;
}
