import type { FastifyReply, FastifyRequest } from 'fastify';
import { bodyOf, paramId, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { confirmationPage } from '../../../ui/admin-layout.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { CATALOG_PRODUCTS_RESOURCE } from '../public.ts';
import { PRODUCTS } from '../views/products.tsx';
import { productForm } from './admin.tsx';
import { imageEditFrom } from './forms.ts';
import { filesOf, MULTIPART_ROUTES } from './media.ts';

const UPLOAD = '/catalog/products/:id/images/upload';
const edit = (id: number) => `${PRODUCTS}/${id}/edit#product-images`;

/** The edit page again, with the refusal above the images (status from its kind); nothing was changed. */
async function refusedPage(rc: RequestContext, reply: FastifyReply, id: number, kind: Parameters<typeof statusOf>[0], message: string) {
  const form = await rc.app.services.catalog.productForEdit(rc, id);
  if (!form) return reply.callNotFound();
  reply.code(statusOf(kind));
  return productForm(rc, form, undefined, message);
}

async function upload(req: FastifyRequest, reply: FastifyReply, rc: RequestContext) {
  const id = paramId(req);
  if (!id || !(await rc.app.services.catalog.productSummary(rc, id))) return reply.callNotFound();
  const files = filesOf(req).filter((f) => f.field === 'images');
  const result = await rc.app.services.catalog.addImages(rc, id, files);
  if (!result.ok && result.kind === 'not_found') return reply.callNotFound();
  if (!result.ok) return refusedPage(rc, reply, id, result.kind, result.messages[0]!);
  return redirectWith(reply, rc, edit(id), {
    type: 'success',
    text: rc.t('You added {count, plural, one {# image} other {# images}}.', { count: result.value }),
  });
}

/** Catalog > Products > Edit > Images: upload (multipart), main image and alt texts, remove with confirmation. */
export function catalogImageRoutes(r: RouteRegistrar) {
  const p = (actionName: string) => ({ resource: CATALOG_PRODUCTS_RESOURCE, actionName });
  MULTIPART_ROUTES.add(`/admin${UPLOAD}`);
  r.adminPost(UPLOAD, p('catalog_product_gallery_upload'), upload);
  r.adminPost('/catalog/products/:id/images/save', p('catalog_product_gallery_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await rc.app.services.catalog.productSummary(rc, id))) return reply.callNotFound();
    const result = await rc.app.services.catalog.saveImages(rc, id, imageEditFrom(bodyOf(req)));
    if (!result.ok && result.kind === 'not_found') return reply.callNotFound();
    if (!result.ok) return refusedPage(rc, reply, id, result.kind, result.messages[0]!);
    return redirectWith(reply, rc, edit(id), { type: 'success', text: rc.t('You saved the images.') });
  });
  r.adminGet('/catalog/products/:id/images/:imageId/delete', p('catalog_product_gallery_delete'), async (req, reply, rc) => {
    const [id, imageId] = [paramId(req), paramId(req, 'imageId')];
    const product = id ? await rc.app.services.catalog.productSummary(rc, id) : undefined;
    const images = product ? await rc.app.services.catalog.productImages(rc, product.id) : [];
    const n = images.findIndex((i) => i.id === imageId);
    if (!product || n < 0) return reply.callNotFound();
    const question = rc.t('Are you sure you want to remove image {n} of the product "{name}"?', { n: n + 1, name: product.name });
    const [action, cancel] = [`${PRODUCTS}/${product.id}/images/${imageId}/delete`, edit(product.id)];
    return confirmationPage(rc, { title: rc.t('Remove Image'), question, action, cancel, active: 'catalog' });
  });
  r.adminPost('/catalog/products/:id/images/:imageId/delete', p('catalog_product_gallery_delete'), async (req, reply, rc) => {
    const [id, imageId] = [paramId(req), paramId(req, 'imageId')];
    const result = id && imageId ? await rc.app.services.catalog.removeImage(rc, id, imageId) : undefined;
    if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
    if (!result.ok) return redirectWith(reply, rc, edit(id!), { type: 'error', text: result.messages[0]! });
    return redirectWith(reply, rc, edit(id!), { type: 'success', text: rc.t('You removed the image.') });
  });
}
