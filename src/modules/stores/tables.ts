import type { Generated } from 'kysely';

export interface StoresTables {
  websites: { id: Generated<number>; code: string; name: string; sort_order: number; is_default: number; default_store_id: number | null };
  stores: {
    id: Generated<number>;
    website_id: number;
    code: string;
    name: string;
    root_category_id: number | null;
    default_store_view_id: number | null;
    sort_order: number;
  };
  store_views: {
    id: Generated<number>;
    store_id: number;
    website_id: number;
    code: string;
    name: string;
    sort_order: number;
    is_active: number;
    url_path: string | null;
    host: string | null;
  };
}
