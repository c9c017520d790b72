import type { FastifyReply } from 'fastify';
import { flashNext } from '../../../http/flash.ts';
import { queryOf } from '../../../http/form.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import type { StoreTree } from '../service.ts';
import { BASE, deleteStorePage, storeFormPage, storesGridPage, type Kind, type Values } from '../views/all-stores.tsx';
import { storesFormFrom, submittedValues } from './forms.ts';

const RESOURCE = 'stores.settings.all_stores';

const LEVEL = { website: 'websites', store: 'stores', view: 'store_views' } as const;

const num = (v: unknown) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

function valuesFromTree(tree: StoreTree, kind: Kind, id: number): Values | undefined {
  if (kind === 'website') {
    const w = tree.websites.find((x) => x.id === id);
    return w && { name: w.name, code: w.code, sort_order: String(w.sort_order), default_store_id: w.default_store_id ? String(w.default_store_id) : '' };
  }
  if (kind === 'store') {
    const s = tree.stores.find((x) => x.id === id);
    return (
      s && {
        name: s.name,
        code: s.code,
        sort_order: String(s.sort_order),
        website_id: String(s.website_id),
        root_category_id: s.root_category_id ? String(s.root_category_id) : '',
        default_store_view_id: s.default_store_view_id ? String(s.default_store_view_id) : '',
      }
    );
  }
  const v = tree.views.find((x) => x.id === id);
  return (
    v && {
      name: v.name,
      code: v.code,
      sort_order: String(v.sort_order),
      store_id: String(v.store_id),
      url_path: v.url_path ?? '',
      host: v.host ?? '',
      is_active: String(v.is_active),
    }
  );
}

async function save(rc: RequestContext, reply: FastifyReply, kind: Kind, body: unknown) {
  const admin = rc.app.services.storesAdmin;
  const form = storesFormFrom(kind, body);
  const id = form.id;
  const values: Values = submittedValues(kind, body);
  const result =
    form.kind === 'website'
      ? await admin.saveWebsite(rc, id, form.input)
      : form.kind === 'store'
        ? await admin.saveStore(rc, id, form.input)
        : await admin.saveView(rc, id, form.input);
  if (!result.ok) {
    reply.code(400);
    return storeFormPage(rc, await rc.app.services.stores.tree(), kind, id, values, result.messages);
  }
  const saved = kind === 'website' ? 'You saved the website.' : kind === 'store' ? 'You saved the store.' : 'You saved the store view.';
  flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t(saved) });
  return reply.redirect(BASE, 303);
}

export function allStoresRoutes(r: RouteRegistrar) {
  r.adminGet('/stores/all', { resource: RESOURCE, actionName: 'adminhtml_system_store_index' }, async (req, _reply, rc) =>
    storesGridPage(rc, queryOf(req), await rc.app.services.stores.tree()),
  );
  gridColumnsRoute(r, { path: '/stores/all', resource: RESOURCE, grid: 'storeGrid', actionName: 'adminhtml_system_store_columns' });

  for (const kind of ['website', 'store', 'view'] as const) {
    const opts = (action: string) => ({
      resource: RESOURCE,
      actionName: `adminhtml_system_store_${action}${kind === 'view' ? 'Store' : kind === 'store' ? 'Group' : 'Website'}`,
    });
    r.adminGet(`/stores/all/${kind}/new`, opts('new'), async (_req, _reply, rc) =>
      storeFormPage(rc, await rc.app.services.stores.tree(), kind, undefined, { sort_order: '0', is_active: '1' }),
    );
    r.adminGet(`/stores/all/${kind}/:id/edit`, opts('edit'), async (req, reply, rc) => {
      const id = num((req.params as { id: string }).id);
      const tree = await rc.app.services.stores.tree();
      const values = id ? valuesFromTree(tree, kind, id) : undefined;
      return values ? storeFormPage(rc, tree, kind, id!, values) : reply.callNotFound();
    });
    r.adminPost(`/stores/all/${kind}/save`, opts('save'), (req, reply, rc) => save(rc, reply, kind, req.body));
    r.adminGet(`/stores/all/${kind}/:id/delete`, opts('delete'), async (req, reply, rc) => {
      const id = num((req.params as { id: string }).id);
      const values = id ? valuesFromTree(await rc.app.services.stores.tree(), kind, id) : undefined;
      if (!values) return reply.callNotFound();
      return deleteStorePage(rc, kind, id!, values.name ?? '');
    });
    r.adminPost(`/stores/all/${kind}/:id/delete`, opts('delete'), async (req, reply, rc) => {
      const id = num((req.params as { id: string }).id) ?? 0;
      const result = await rc.app.services.storesAdmin.remove(rc, LEVEL[kind], id);
      if (!result.ok) flashNext(reply, rc.app.env.cookieSecure, ...result.messages.map((text) => ({ type: 'error' as const, text })));
      else flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('You deleted "{name}".', { name: result.value.name }) });
      return reply.redirect(BASE, 303);
    });
  }
}
