import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sharp, SharpOptions } from 'sharp';

/** Where image files live: a folder on disk now; an S3-compatible bucket can implement the same three calls. */
export interface ImageStorage {
  put(name: string, bytes: Buffer): Promise<void>;
  get(name: string): Promise<Buffer | undefined>;
  delete(name: string): Promise<void>;
}

/** Stored names are content-hashed and nothing else: this is the only shape the storage and the media route accept. */
export const MEDIA_NAME = /^([0-9a-f]{32})-(\d{2,4})\.(webp|jpg|png)$/;
export const MEDIA_TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };
export const IMAGE_WIDTHS = [240, 480, 960] as const;
export const IMAGE_LIMITS = { fileBytes: 5 * 1024 * 1024, files: 10, pixels: 40_000_000 } as const;

const checkedName = (name: string) => {
  if (!MEDIA_NAME.test(name)) throw new Error('Refused image name');
  return name;
};

/** Files under <dir>/catalog, written to a temporary name first so a reader never sees half a file. */
export function diskImageStorage(dir: string): ImageStorage {
  const root = join(dir, 'catalog');
  return {
    async put(name, bytes) {
      await mkdir(root, { recursive: true });
      const tmp = join(root, `.${checkedName(name)}.${process.pid}.${Date.now()}.tmp`);
      await writeFile(tmp, bytes);
      await rename(tmp, join(root, name));
    },
    async get(name) {
      if (!MEDIA_NAME.test(name)) return undefined;
      return readFile(join(root, name)).catch(() => undefined);
    },
    async delete(name) {
      await rm(join(root, checkedName(name)), { force: true });
    },
  };
}

/**
 * libvips (sharp) is loaded on the first image checked or resized, not at start: most processes never resize an
 * image, and loading it costs every process tens of MB of memory.
 */
let sharpModule: Promise<(input: Buffer, options?: SharpOptions) => Sharp> | undefined;
export const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export interface ProcessedImage {
  hash: string;
  fallback: 'jpg' | 'png';
  width: number;
  height: number;
  widths: number[];
  files: { name: string; bytes: Buffer }[];
}

export type ImageCheck = { ok: true; format: 'jpeg' | 'png' | 'webp'; width: number; height: number } | { ok: false; reason: 'size' | 'type' };

/** Reads the image by its content (never its name or declared type): JPEG, PNG or WebP within the limits. */
export async function checkImage(bytes: Buffer): Promise<ImageCheck> {
  if (bytes.length === 0 || bytes.length > IMAGE_LIMITS.fileBytes) return { ok: false, reason: 'size' };
  try {
    const sharp = await loadSharp();
    const meta = await sharp(bytes, { limitInputPixels: IMAGE_LIMITS.pixels }).metadata();
    const format = meta.format;
    if ((format !== 'jpeg' && format !== 'png' && format !== 'webp') || !meta.width || !meta.height) return { ok: false, reason: 'type' };
    // Decoding proves the data is an image, not only its header.
    await sharp(bytes, { limitInputPixels: IMAGE_LIMITS.pixels }).resize(8).raw().toBuffer();
    return { ok: true, format, width: meta.width, height: meta.height };
  } catch {
    return { ok: false, reason: 'type' };
  }
}

/** The stored widths for an original: each standard width it reaches, or its own width when smaller than all. */
export const widthsFor = (width: number) => {
  const fits = IMAGE_WIDTHS.filter((w) => w <= width);
  return fits.length ? fits : [Math.max(10, Math.min(width, 9999))];
};

/** Resizes a checked image to every stored width as WebP and as the fallback (PNG stays PNG, the rest JPEG). */
export async function processImage(bytes: Buffer, check: Extract<ImageCheck, { ok: true }>): Promise<ProcessedImage> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const fallback = check.format === 'png' ? 'png' : 'jpg';
  const widths = widthsFor(check.width);
  const files: ProcessedImage['files'] = [];
  const sharp = await loadSharp();
  for (const w of widths) {
    const base = sharp(bytes, { limitInputPixels: IMAGE_LIMITS.pixels }).rotate().resize({ width: w, withoutEnlargement: true });
    files.push({ name: `${hash}-${w}.webp`, bytes: await base.clone().webp({ quality: 80 }).toBuffer() });
    const alt =
      fallback === 'png' ? base.clone().png({ compressionLevel: 9 }) : base.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true });
    files.push({ name: `${hash}-${w}.${fallback}`, bytes: await alt.toBuffer() });
  }
  return { hash, fallback, width: check.width, height: check.height, widths, files };
}

export const imageFileNames = (img: { hash: string; widths: string; fallback: string }) =>
  img.widths.split(',').flatMap((w) => [`${img.hash}-${w}.webp`, `${img.hash}-${w}.${img.fallback}`]);
