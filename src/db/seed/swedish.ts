import type { RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { catalogRepo } from '../../modules/catalog/repo.ts';

/** The demo categories in Swedish, with the top categories' descriptions. */
const CATEGORY_NAMES: Record<string, { name: string; description?: string }> = {
  Women: { name: 'Dam', description: 'Handla kläder för dam.' },
  Men: { name: 'Herr', description: 'Handla kläder för herr.' },
  Gear: { name: 'Utrustning', description: 'Handla väskor, träningsredskap och klockor.' },
  Sale: { name: 'Rea', description: 'Fynda bland våra nedsatta varor.' },
  Tops: { name: 'Överdelar' },
  Bottoms: { name: 'Underdelar' },
  Jackets: { name: 'Jackor' },
  Pants: { name: 'Byxor' },
  Bags: { name: 'Väskor' },
  'Fitness Equipment': { name: 'Träningsredskap' },
  Watches: { name: 'Klockor' },
};

/** The demo products' kinds in Swedish (the first word of a name is a product line and stays as it is). */
const NOUNS: Record<string, string> = {
  Tee: 'T-shirt',
  Tank: 'Linne',
  Hoodie: 'Huvtröja',
  Sweatshirt: 'Sweatshirt',
  Leggings: 'Leggings',
  Shorts: 'Shorts',
  Skirt: 'Kjol',
  Jacket: 'Jacka',
  Windbreaker: 'Vindjacka',
  Parka: 'Parkas',
  Pant: 'Byxa',
  Jogger: 'Mjukisbyxa',
  Short: 'Kortbyxa',
  Backpack: 'Ryggsäck',
  Duffle: 'Bag',
  Tote: 'Tygkasse',
  'Yoga Mat': 'Yogamatta',
  Kettlebell: 'Kettlebell',
  'Jump Rope': 'Hopprep',
  'Foam Roller': 'Massagerulle',
  Watch: 'Klocka',
  Chronograph: 'Kronograf',
};

/** "Aero Tee 3" → "Aero T-shirt 3"; a name outside the demo's vocabulary → undefined (the default name shows). */
export function swedishProductName(name: string): string | undefined {
  const m = /^(\S+) (.+) (\d+)$/.exec(name);
  const noun = m && NOUNS[m[2]!];
  return noun ? `${m[1]} ${noun} ${m[3]}` : undefined;
}

/** The Swedish Store View's text for the demo catalog: category names and descriptions, product names, short descriptions and descriptions. */
export async function seedSwedishCatalogText(rc: RequestContext) {
  const db = rc.db;
  const tree = await rc.app.services.stores.tree(db);
  const view = tree.views.find((v) => v.code === 'sv');
  if (!view) return;
  const now = isoUtc(rc.app.clock.now());
  const categories = await catalogRepo.allCategories(db);
  const leafOf = new Map<number, string>();
  for (const c of categories) {
    const sv = CATEGORY_NAMES[c.name];
    if (!sv) continue;
    leafOf.set(c.id, sv.name);
    await catalogRepo.putCategoryText(db, c.id, view.id, { name: sv.name, description: sv.description ?? null }, now);
  }
  const rows = [];
  for (const p of await catalogRepo.allProductsForSeed(db)) {
    const name = swedishProductName(p.name);
    if (!name) continue;
    // The product's first category is its own (seedStore links the leaf first).
    const leaf = p.category_id !== null ? leafOf.get(p.category_id) : undefined;
    const description = leaf ? `${name} – en demoprodukt i kategorin ${leaf}.` : null;
    // The first word of a demo name is its product line, as the English short description has it.
    const shortDescription = `Från ${p.name.split(' ')[0]}-serien – gjord för att hålla.`;
    rows.push({ product_id: p.id, store_view_id: view.id, name, description, short_description: shortDescription, updated_at: now });
  }
  await catalogRepo.insertProductTexts(db, rows);
}
