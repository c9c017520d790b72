import type { Generated } from 'kysely';

export interface ConfigTables {
  config_values: { id: Generated<number>; path: string; scope: string; scope_id: number; value: string | null; updated_at: string };
}
