import type { Db } from '../../db/database.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import { checkImage, IMAGE_LIMITS, imageFileNames, processImage, type ImageStorage, type ProcessedImage } from './media.ts';
import { catalogRepo, type ProductImageRow } from './repo.ts';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** An image as views show it: the stored widths and the fallback format, to build srcset and URLs. */
export interface ProductImage {
  id: number;
  productId: number;
  hash: string;
  fallback: string;
  width: number;
  height: number;
  widths: number[];
  alt: string;
  isMain: boolean;
}

export interface ImageEdit {
  mainId?: number;
  alts: { id: number; alt: string }[];
}

export const ALT_MAX = 255;
const MB = IMAGE_LIMITS.fileBytes / 1024 / 1024;

const toImage = (r: ProductImageRow): ProductImage => ({
  id: r.id,
  productId: r.product_id,
  hash: r.hash,
  fallback: r.fallback,
  width: r.width,
  height: r.height,
  widths: r.widths.split(',').map(Number),
  alt: r.alt,
  isMain: r.is_main === 1,
});

/** Checks every file first; a single bad one refuses the whole upload, so nothing is stored. */
async function processAll(rc: RequestContext, files: UploadedFile[]): Promise<Result<ProcessedImage[]>> {
  const t = rc.t;
  if (!files.length) return invalid(t('Please choose at least one image file.'));
  if (files.length > IMAGE_LIMITS.files) return invalid(t('You can upload at most {max} images at a time.', { max: IMAGE_LIMITS.files }));
  const out: ProcessedImage[] = [];
  for (const f of files) {
    const check = await checkImage(f.bytes);
    const name = f.filename.slice(0, 100);
    if (!check.ok && check.reason === 'size') return invalid(t('The file "{name}" is empty or larger than {mb} MB. Nothing was uploaded.', { name, mb: MB }));
    if (!check.ok) return invalid(t('The file "{name}" is not a JPEG, PNG or WebP image. Nothing was uploaded.', { name }));
    out.push(await processImage(f.bytes, check));
  }
  return ok(out);
}

/** Product images: upload (messages come translated, as they carry file names) (checked, resized, stored), main image and alt texts, removal. */
export function createProductImages(deps: { storage: ImageStorage; onChange: (db: Db) => Promise<void> }) {
  const { storage } = deps;
  /** Deletes the files of images no row uses any more (after the rows' transaction committed). */
  async function removeUnusedFiles(db: Db, rows: ProductImageRow[]) {
    for (const row of rows) {
      if (await catalogRepo.imageHashInUse(db, row.hash)) continue;
      for (const name of imageFileNames(row)) await storage.delete(name);
    }
  }

  const service = {
    imageStorage: storage,

    /** A product's images, the main one first; at a store view with its alt texts (else each image's own). */
    async productImages(rc: RequestContext, productId: number, storeViewId?: number): Promise<ProductImage[]> {
      return (await catalogRepo.imagesOf(rc.db, [productId], false, storeViewId)).map(toImage);
    },

    /** The main image of each product that has one, for lists; at a store view with its alt texts. */
    async mainImages(rc: RequestContext, productIds: number[], storeViewId?: number): Promise<Map<number, ProductImage>> {
      return new Map((await catalogRepo.imagesOf(rc.db, productIds, true, storeViewId)).map((r) => [r.product_id, toImage(r)]));
    },

    async addImages(rc: RequestContext, productId: number, files: UploadedFile[]): Promise<Result<number>> {
      const processed = await processAll(rc, files);
      if (!processed.ok) return processed;
      // Files first, under content-hashed names: a row never points at a missing file; a failed commit leaves spare files only.
      for (const img of processed.value) for (const f of img.files) await storage.put(f.name, f.bytes);
      const done = await inTransaction(rc, async (trx): Promise<Result<number>> => {
        const product = await catalogRepo.findById(trx.db, productId);
        if (!product) return refused(rc.t('This product no longer exists.'), 'not_found');
        const existing = await catalogRepo.imagesOf(trx.db, [productId]);
        const now = isoUtc(rc.app.clock.now());
        const rows = processed.value.map((img, i) => ({
          product_id: productId,
          hash: img.hash,
          fallback: img.fallback,
          width: img.width,
          height: img.height,
          widths: img.widths.join(','),
          alt: '',
          position: existing.length + i,
          is_main: existing.length === 0 && i === 0 ? 1 : 0,
          created_at: now,
        }));
        await catalogRepo.insertImages(trx.db, rows);
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_products',
          action: 'Save',
          details: `Product "${product.name}" (SKU ${product.sku}, ID ${productId}): ${rows.length} image(s) added`,
          fullDetails: { id: productId, images: rows.map((r) => r.hash) },
        });
        return ok(rows.length);
      });
      if (done.ok) await deps.onChange(rc.db);
      return done;
    },

    async saveImages(rc: RequestContext, productId: number, edit: ImageEdit): Promise<Result<void>> {
      const done = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const product = await catalogRepo.findById(trx.db, productId);
        if (!product) return refused(rc.t('This product no longer exists.'), 'not_found');
        const ids = new Set((await catalogRepo.imagesOf(trx.db, [productId])).map((r) => r.id));
        if (edit.mainId !== undefined && !ids.has(edit.mainId)) return invalid(rc.t('Please choose one of the images as the main image.'));
        if (edit.alts.some((a) => a.alt.trim().length > ALT_MAX)) return invalid(rc.t('Alt text can be at most {max} characters.', { max: ALT_MAX }));
        for (const a of edit.alts) if (ids.has(a.id)) await catalogRepo.updateImage(trx.db, productId, a.id, { alt: a.alt.trim() });
        if (edit.mainId !== undefined) await catalogRepo.setMainImage(trx.db, productId, edit.mainId);
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_products',
          action: 'Save',
          details: `Product "${product.name}" (SKU ${product.sku}, ID ${productId}): images updated`,
          fullDetails: { id: productId, main: edit.mainId ?? null, alts: edit.alts },
        });
        return ok(undefined);
      });
      if (done.ok) await deps.onChange(rc.db);
      return done;
    },

    async removeImage(rc: RequestContext, productId: number, imageId: number): Promise<Result<void>> {
      let removed: ProductImageRow | undefined;
      const done = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const rows = await catalogRepo.imagesOf(trx.db, [productId]);
        removed = rows.find((r) => r.id === imageId);
        const product = await catalogRepo.findById(trx.db, productId);
        if (!removed || !product) return refused(rc.t('This image no longer exists.'), 'not_found');
        await catalogRepo.deleteImage(trx.db, productId, imageId);
        const next = rows.find((r) => r.id !== imageId);
        if (removed.is_main === 1 && next) await catalogRepo.setMainImage(trx.db, productId, next.id);
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_products',
          action: 'Delete',
          details: `Product "${product.name}" (SKU ${product.sku}, ID ${productId}): image removed`,
          fullDetails: { id: productId, image: removed.hash },
        });
        return ok(undefined);
      });
      if (!done.ok) return done;
      await removeUnusedFiles(rc.db, [removed!]);
      await deps.onChange(rc.db);
      return done;
    },
  };
  return { service, removeUnusedFiles };
}
