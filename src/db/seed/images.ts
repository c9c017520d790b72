import { createHash } from 'node:crypto';
import type { RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { IMAGE_WIDTHS, loadSharp } from '../../modules/catalog/media.ts';
import { catalogRepo } from '../../modules/catalog/repo.ts';

/**
 * Demo product photos drawn here, nothing downloaded: a silhouette chosen by a keyword of the product's name
 * (tee, jacket, pants, bag, kettlebell, mat, watch), in a colour taken from the name, on a soft background,
 * rendered by sharp straight at each stored width (WebP and JPEG, as an upload is stored). Products that already have images are skipped.
 */

const SHAPES: [RegExp, string][] = [
  [/tee|tank|hoodie|sweatshirt/i, 'M300 250 L400 210 Q480 260 560 210 L660 250 L760 360 L680 420 L640 380 L640 760 L320 760 L320 380 L280 420 L200 360 Z'],
  [
    /jacket|windbreaker|parka/i,
    'M300 230 L420 200 L480 300 L540 200 L660 230 L760 380 L700 440 L660 400 L660 780 L300 780 L300 400 L260 440 L200 380 Z M478 300 L482 780',
  ],
  [/leggings|shorts?|skirt|pant|jogger/i, 'M330 200 L630 200 L680 780 L530 780 L480 380 L430 780 L280 780 Z'],
  [/backpack|duffle|tote/i, 'M280 360 L680 360 L720 780 L240 780 Z M380 360 Q380 220 480 220 Q580 220 580 360 L550 360 Q550 260 480 260 Q410 260 410 360 Z'],
  [
    /kettlebell|rope|roller/i,
    'M480 330 m-230 230 a230 210 0 1 0 460 0 a230 210 0 1 0 -460 0 M360 360 Q360 200 480 200 Q600 200 600 360 L560 370 Q560 250 480 250 Q400 250 400 370 Z',
  ],
  [/yoga mat/i, 'M240 300 L720 300 L720 660 L240 660 Z M720 300 a60 180 0 1 1 0 360'],
  [
    /watch|chronograph/i,
    'M420 160 L540 160 L560 330 L400 330 Z M400 630 L560 630 L540 800 L420 800 Z M480 480 m-170 0 a170 170 0 1 0 340 0 a170 170 0 1 0 -340 0',
  ],
];
const FALLBACK_SHAPE = 'M300 300 L660 300 L660 720 L300 720 Z';

/** Five colours, chosen by the name's first word: products of a line share a colour, and drawings are reused. */
const HUES = [12, 145, 205, 265, 330];
function hueOf(name: string) {
  let h = 7;
  for (const ch of name.split(' ')[0] ?? '') h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return HUES[h % HUES.length]!;
}

export function productSvg(name: string): string {
  const hue = hueOf(name);
  const path = SHAPES.find(([re]) => re.test(name))?.[1] ?? FALLBACK_SHAPE;
  // Flat fills: gradients cost more to render than everything else here together.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="960" viewBox="0 0 960 960">
<rect width="960" height="960" fill="hsl(${hue},45%,95%)"/>
<circle cx="480" cy="470" r="380" fill="hsl(${(hue + 25) % 360},40%,89%)"/>
<ellipse cx="480" cy="830" rx="280" ry="34" fill="hsl(${hue},25%,78%)"/>
<path d="${path}" fill="hsl(${hue},58%,50%)" fill-rule="evenodd" stroke="hsl(${hue},55%,30%)" stroke-width="10" stroke-linejoin="round"/>
</svg>`;
}

/** Draws and stores an image for every product without one, in one pass; returns how many were made. */
export async function seedProductImages(rc: RequestContext, opts: { limit?: number } = {}): Promise<number> {
  const db = rc.db;
  const storage = rc.app.services.catalog.imageStorage;
  const have = await catalogRepo.productsWithImages(db);
  const products = (
    await db
      .selectFrom('products')
      .select(['id', 'name'])
      .orderBy('id')
      .limit(opts.limit ?? 200)
      .execute()
  ).filter((p) => !have.has(p.id));
  const now = isoUtc(rc.app.clock.now());
  const rows = [];
  // One drawing per silhouette and colour (at most 8 × 5), however many products share it; drawn at each width.
  const drawn = new Map<string, string>();
  for (const p of products) {
    const svg = productSvg(p.name);
    let hash = drawn.get(svg);
    if (!hash) {
      hash = createHash('sha256').update(svg).digest('hex').slice(0, 32);
      const sharp = await loadSharp();
      for (const w of IMAGE_WIDTHS) {
        const pixels = sharp(Buffer.from(svg), { density: (72 * w) / 960 }).flatten({ background: '#ffffff' });
        await storage.put(`${hash}-${w}.webp`, await pixels.clone().webp({ quality: 80, effort: 0 }).toBuffer());
        await storage.put(`${hash}-${w}.jpg`, await pixels.clone().jpeg({ quality: 82 }).toBuffer());
      }
      drawn.set(svg, hash);
    }
    rows.push({
      product_id: p.id,
      hash,
      fallback: 'jpg',
      width: 960,
      height: 960,
      widths: IMAGE_WIDTHS.join(','),
      alt: '',
      position: 0,
      is_main: 1,
      created_at: now,
    });
  }
  await catalogRepo.insertImages(db, rows);
  return rows.length;
}
