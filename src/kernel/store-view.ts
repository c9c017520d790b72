/** Where a request happens: the store view, its website and its URL prefix (plain data, from the stores module). */
export interface WebsiteInfo {
  id: number;
  code: string;
  name: string;
  sort_order: number;
  is_default: number;
  default_store_id: number | null;
}

export interface StoreViewInfo {
  id: number;
  store_id: number;
  website_id: number;
  code: string;
  name: string;
  sort_order: number;
  is_active: number;
  url_path: string | null;
  host: string | null;
}

export interface ResolvedStoreView {
  view: StoreViewInfo;
  website: WebsiteInfo;
  /** URL prefix of the view ("" or "/second"), to build links. */
  prefix: string;
}
