import type { RequestContext } from '../../../kernel/request-context.ts';
import { FormKey } from '../../../ui/components.tsx';
import type { ProductImage } from '../images.ts';

export const mediaUrl = (img: Pick<ProductImage, 'hash'>, width: number, format: string) => `/media/catalog/${img.hash}-${width}.${format}`;
const srcset = (img: ProductImage, format: string) => img.widths.map((w) => `${mediaUrl(img, w, format)} ${w}w`).join(', ');
/** The stored width closest to `want` (not smaller when one reaches it). */
const widthNear = (img: ProductImage, want: number) => img.widths.find((w) => w >= want) ?? img.widths[img.widths.length - 1]!;

type PictureProps = { img: ProductImage; alt: string; sizes: string; want: number; lazy?: boolean; cls?: string };

/**
 * Pictures as rendered, by everything their markup is made of (the image's hash, sizes and formats, and the props):
 * the same product card shows the same picture on every request, so its srcsets are built once. Nothing in the key
 * can change under it (a changed image has another hash); bounded, emptied when full.
 */
const pictures = new Map<string, string>();
const PICTURES_MAX = 5000;

/** A picture with a WebP srcset and the fallback format; width and height keep the layout still while it loads. */
export function ProductPicture(p: PictureProps): JSX.Element {
  const { img } = p;
  const key = JSON.stringify([img.hash, img.fallback, img.width, img.height, img.widths, p.sizes, p.want, !!p.lazy, p.cls ?? '', p.alt]);
  let html = pictures.get(key);
  if (html === undefined) {
    if (pictures.size >= PICTURES_MAX) pictures.clear();
    html = String(renderPicture(p));
    pictures.set(key, html);
  }
  return html;
}

function renderPicture(p: PictureProps) {
  const { img } = p;
  const w = widthNear(img, p.want);
  const h = Math.max(1, Math.round((img.height * w) / img.width));
  // `sizes` is missing from the JSX types of <img> and <source>.
  const sizes = { sizes: p.sizes } as object;
  return (
    <picture class={p.cls}>
      <source type="image/webp" srcset={srcset(img, 'webp')} {...sizes} />
      <img
        src={mediaUrl(img, w, img.fallback)}
        srcset={srcset(img, img.fallback)}
        {...sizes}
        width={String(w)}
        height={String(h)}
        alt={p.alt}
        loading={p.lazy ? 'lazy' : undefined}
        decoding="async"
      />
    </picture>
  );
}

/** A product without an image: its initial on a soft colour taken from its name (no request, no grey box). */
/** `decorative`: beside the product's name (in a list card), so not announced again. */
export function ProductPlaceholder({ name, size, decorative = false }: { name: string; size: number; decorative?: boolean }) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) % 360;
  const initial = ([...name.trim()][0] ?? '?').toLocaleUpperCase();
  return (
    <svg
      class="product-placeholder"
      viewBox="0 0 100 100"
      width={String(size)}
      height={String(size)}
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : name}
      aria-hidden={decorative ? 'true' : undefined}
    >
      <rect width="100" height="100" rx="8" fill={`hsl(${h} 60% 92%)`} />
      <circle cx="50" cy="50" r="30" fill={`hsl(${h} 45% 80%)`} />
      <text x="50" y="50" dy="0.35em" text-anchor="middle" font-family="Georgia, serif" font-size="34" fill={`hsl(${h} 40% 30%)`} safe>
        {initial}
      </text>
    </svg>
  );
}

/** The list image: the main picture, or the placeholder. */
/** A list card's image, inside the link that also holds the product's name: its alt would say the name twice. */
export function ListImage({ img, name }: { img?: ProductImage; name: string }) {
  return img ? (
    <ProductPicture img={img} alt="" sizes="(max-width: 600px) 45vw, 220px" want={240} lazy cls="product-item-photo" />
  ) : (
    <ProductPlaceholder name={name} size={220} decorative />
  );
}

/**
 * The product page's gallery: every image in a stage (the main one shown first) and thumbnails linking to each by
 * anchor, so it works without JavaScript (the stage shows the :target image).
 */
export function Gallery({ rc, images, name }: { rc: RequestContext; images: ProductImage[]; name: string }) {
  if (!images.length) return <ProductPlaceholder name={name} size={320} />;
  return (
    <div class="gallery">
      <div class="gallery-stage">
        {images.map((img, i) => (
          <figure id={`image-${img.id}`}>
            <ProductPicture img={img} alt={img.alt || name} sizes="(max-width: 700px) 90vw, 480px" want={480} lazy={i > 0} cls="gallery-image" />
          </figure>
        ))}
      </div>
      {images.length > 1 ? (
        <ol class="gallery-thumbs" aria-label={rc.t('Images')}>
          {images.map((img, i) => (
            <li>
              <a href={`#image-${img.id}`} aria-label={rc.t('Image {n} of {count}', { n: i + 1, count: images.length })}>
                <img
                  src={mediaUrl(img, img.widths[0]!, img.fallback)}
                  width="64"
                  height={String(Math.max(1, Math.round((img.height * 64) / img.width)))}
                  alt=""
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ol>
      ) : (
        ''
      )}
    </div>
  );
}

const ADMIN_PRODUCTS = '/admin/catalog/products';

/** Catalog > Products > Edit: the Images and Videos section, its own forms beside the product form. */
export function AdminImages({ rc, productId, images, error }: { rc: RequestContext; productId: number; images: ProductImage[]; error?: string }) {
  const t = rc.t;
  const base = `${ADMIN_PRODUCTS}/${productId}/images`;
  return (
    <section class="admin-form product-images" id="product-images">
      <h2 safe>{t('Images')}</h2>
      {error ? (
        <div class="messages">
          <div class="message message-error error" role="alert" safe>
            {error}
          </div>
        </div>
      ) : (
        ''
      )}
      {images.length ? (
        <form method="post" action={`${base}/save`} class="image-list">
          <FormKey rc={rc} />
          <table class="data-table">
            <thead>
              <tr>
                <th safe>{t('Image')}</th>
                <th safe>{t('Main Image')}</th>
                <th safe>{t('Alt Text')}</th>
                <th safe>{t('Action')}</th>
              </tr>
            </thead>
            <tbody>
              {images.map((img) => (
                <tr>
                  <td>
                    <img src={mediaUrl(img, img.widths[0]!, img.fallback)} width="96" alt="" />
                  </td>
                  <td>
                    <input type="radio" name="main" value={String(img.id)} checked={img.isMain} aria-label={t('Main Image')} />
                  </td>
                  <td>
                    <input name={`alt_${img.id}`} value={img.alt} maxlength="255" aria-label={t('Alt Text')} />
                  </td>
                  <td>
                    <a href={`${base}/${img.id}/delete`} safe>
                      {t('Remove')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="note" safe>
            {t('The alt text is used in every store view; without one, the product name is used.')}
          </p>
          <button type="submit" class="action-secondary" safe>
            {t('Save Images')}
          </button>
        </form>
      ) : (
        <p safe>{t('No images yet.')}</p>
      )}
      <form method="post" action={`${base}/upload`} enctype="multipart/form-data" class="image-upload">
        <FormKey rc={rc} />
        <div class="field">
          <label for="product-image-files" safe>
            {t('Add Images')}
          </label>
          <input type="file" id="product-image-files" name="images" accept="image/jpeg,image/png,image/webp" multiple required />
          <div class="note" safe>
            {t('JPEG, PNG or WebP; up to {count} files of at most {mb} MB each.', { count: 10, mb: 5 })}
          </div>
        </div>
        <button type="submit" class="action-primary" safe>
          {t('Upload')}
        </button>
      </form>
    </section>
  );
}
