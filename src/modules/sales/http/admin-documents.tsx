import { bodyOf, paramId, queryOf, redirectWith, type Fields } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Result } from '../../../kernel/result.ts';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { RouteRegistrar } from '../../types.ts';
import type { DocumentKind } from '../index.ts';
import { DOCS, ORDERS } from '../views/admin-common.ts';
import { documentGridPage } from '../views/document-grid.tsx';
import { documentViewPage } from '../views/document-view.tsx';
import { newDocumentPage, type NewDocKind } from '../views/new-document.tsx';
import { documentGridQuery, formValues } from './admin-forms.ts';

/** One document kind's admin pages: the new form and its save on an order, the grid and the document view. */
export interface DocumentRoutesSpec {
  newKind: NewDocKind;
  kind: DocumentKind;
  /** ACL resource and action name of creating one from an order. */
  resource: string;
  action: string;
  done: string;
  /** Parses the submitted form and creates the document (its id), or refuses. */
  save: (rc: RequestContext, orderId: number, body: Fields) => Promise<Result<number>>;
}

export function documentRoutes(r: RouteRegistrar, spec: DocumentRoutesSpec) {
  const { newKind, resource, action } = spec;
  r.adminGet(`/sales/orders/:id/${newKind}/new`, { resource, actionName: `${action}_new` }, async (req, reply, rc) => {
    const id = paramId(req);
    const data = id ? await rc.app.services.sales.newDocument(rc, id) : undefined;
    if (!data) return reply.callNotFound();
    return newDocumentPage(rc, data.order, data.items, newKind);
  });

  r.adminPost(`/sales/orders/:id/${newKind}/save`, { resource, actionName: `${action}_save` }, async (req, reply, rc) => {
    const id = paramId(req);
    const body = bodyOf(req);
    const result = id ? await spec.save(rc, id, body) : undefined;
    if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
    if (result.ok) return redirectWith(reply, rc, `${ORDERS}/${id}`, { type: 'success', text: rc.t(spec.done) });
    const data = await rc.app.services.sales.newDocument(rc, id!);
    if (!data) return reply.callNotFound();
    reply.code(statusOf(result.kind));
    return newDocumentPage(rc, data.order, data.items, newKind, result, formValues.parse(body));
  });

  const cfg = DOCS[spec.kind];
  const short = cfg.path.replace('/admin', '');
  gridColumnsRoute(r, { path: short, resource: cfg.resource, grid: `sales_${spec.kind}_grid`, actionName: `sales_${cfg.type}_columns` });
  r.adminGet(short, { resource: cfg.resource, actionName: `sales_${cfg.type}_index` }, async (req, _reply, rc) => {
    const q = queryOf(req);
    const data = await rc.app.services.sales.documentGrid(rc, spec.kind, documentGridQuery(q), { limit: pageSizeOf(q), cursor: cursorOf(q) });
    return documentGridPage(rc, spec.kind, data, q);
  });
  r.adminGet(`${short}/:id`, { resource: cfg.resource, actionName: `sales_${cfg.type}_view` }, async (req, reply, rc) => {
    const id = paramId(req);
    const data = id ? await rc.app.services.sales.documentView(rc, spec.kind, id) : undefined;
    if (!data) return reply.callNotFound();
    return documentViewPage(rc, spec.kind, data);
  });
}
