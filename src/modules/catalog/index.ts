/** The catalog module's public surface: what other modules may use. */
import type { Services } from '../../kernel/services.ts';

export {
  ALL_GROUPS,
  ALL_WEBSITES,
  CATALOG_CATEGORIES_RESOURCE,
  CATALOG_PRODUCTS_RESOURCE,
  CATEGORIES_VERSION,
  money,
  priceContextOf,
  ROOT_CATEGORY_ID,
  slug,
  type CategoryInput,
  type PriceContext,
  type ProductInput,
  type StoreViewField,
  type StoreViewText,
  type StoreViewTextInput,
} from './public.ts';

export type CatalogService = Services['catalog'];
