import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, SelectField, TextField, type Option } from '../../../ui/components.tsx';
import { Grid, listPager, listSlice } from '../../../ui/grid.tsx';
import type { StoreTree } from '../service.ts';

export const BASE = '/admin/stores/all';

export type Kind = 'website' | 'store' | 'view';
export const TITLES = { website: 'Web Site', store: 'Store', view: 'Store View' } as const;

export interface Row {
  website: { id: number; name: string; code: string };
  store?: { id: number; name: string; code: string };
  view?: { id: number; name: string; code: string; active: boolean; prefix: string };
}

/** One row per store view (and a row for a website or store that has nothing below it yet), as Magento lists them. */
function rowsOf(t: StoreTree): Row[] {
  const rows: Row[] = [];
  for (const w of t.websites) {
    const stores = t.stores.filter((s) => s.website_id === w.id);
    if (!stores.length) rows.push({ website: w });
    for (const s of stores) {
      const views = t.views.filter((v) => v.store_id === s.id);
      if (!views.length) rows.push({ website: w, store: s });
      for (const v of views)
        rows.push({
          website: w,
          store: s,
          view: { id: v.id, name: v.name, code: v.code, active: v.is_active === 1, prefix: v.host ? `${v.host}/${v.url_path ?? ''}` : `/${v.url_path ?? ''}` },
        });
    }
  }
  return rows;
}

/** Stores > All Stores: one row per store view, filtered by the grid's text filters. */
export function storesGridPage(rc: RequestContext, q: Record<string, string | undefined>, tree: StoreTree) {
  const t = rc.t;
  const match = (v: string | undefined, f: string | undefined) => !f || (v ?? '').toLowerCase().includes(f.toLowerCase());
  const rows = rowsOf(tree).filter((r) => match(r.website.name, q.website) && match(r.store?.name, q.store) && match(r.view?.name, q.view));
  return adminPage(rc, {
    title: t('Stores'),
    active: 'stores',
    actions: (
      <>
        <a class="action-secondary" href={`${BASE}/website/new`} safe>
          {t('Create Website')}
        </a>
        <a class="action-secondary" href={`${BASE}/store/new`} safe>
          {t('Create Store')}
        </a>
        <a class="action-primary" href={`${BASE}/view/new`} safe>
          {t('Create Store View')}
        </a>
      </>
    ),
    content: (
      <Grid
        rc={rc}
        id="storeGrid"
        action={BASE}
        query={q}
        rows={listSlice(rows, q)}
        pager={listPager(rc, BASE, q, rows.length)}
        columnsAction={`${BASE}/columns`}
        columns={[
          {
            label: t('Web Site'),
            filter: { type: 'text', name: 'website' },
            cell: (r) => (
              <a href={`${BASE}/website/${r.website.id}/edit`} safe>
                {r.website.name}
              </a>
            ),
          },
          {
            label: t('Store'),
            filter: { type: 'text', name: 'store' },
            cell: (r) =>
              r.store ? (
                <a href={`${BASE}/store/${r.store.id}/edit`} safe>
                  {r.store.name}
                </a>
              ) : (
                ''
              ),
          },
          {
            label: t('Store View'),
            filter: { type: 'text', name: 'view' },
            cell: (r) =>
              r.view ? (
                <a href={`${BASE}/view/${r.view.id}/edit`} safe>
                  {r.view.name}
                </a>
              ) : (
                ''
              ),
          },
          { label: t('Code'), value: (r) => r.view?.code ?? r.store?.code ?? r.website.code },
          { label: t('Address'), value: (r) => r.view?.prefix ?? '' },
          { label: t('Status'), value: (r) => (r.view ? (r.view.active ? t('Enabled') : t('Disabled')) : '') },
        ]}
      />
    ),
  });
}

export type Values = Record<string, string>;

/** A website, store or store view form, new or edited. */
// Long by design: one form's markup top to bottom (website, store and store view share it).
export function storeFormPage(rc: RequestContext, tree: StoreTree, kind: Kind, id: number | undefined, values: Values, errors: string[] = []) {
  const t = rc.t;
  const title = id ? t('Edit {level}', { level: t(TITLES[kind]) }) : t('New {level}', { level: t(TITLES[kind]) });
  const websiteOptions: Option[] = tree.websites.map((w) => ({ value: String(w.id), label: w.name }));
  const storeGroups = tree.websites.map((w) => ({
    label: w.name,
    options: tree.stores.filter((s) => s.website_id === w.id).map((s) => ({ value: String(s.id), label: s.name })),
  }));
  const saveLabel = kind === 'website' ? t('Save Web Site') : kind === 'store' ? t('Save Store') : t('Save Store View');
  return adminPage(rc, {
    title,
    active: 'stores',
    actions: (
      <>
        <a class="action-secondary" href={BASE} safe>
          {t('Back')}
        </a>
        {id ? (
          <a class="action-secondary action-delete" href={`${BASE}/${kind}/${id}/delete`} safe>
            {t('Delete {level}', { level: t(TITLES[kind]) })}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="store-form" class="action-primary" safe>
          {saveLabel}
        </button>
      </>
    ),
    content: (
      <>
        <FormErrors messages={errors} />
        <form method="post" action={`${BASE}/${kind}/save`} id="store-form">
          <FormKey rc={rc} />
          {id ? <input type="hidden" name="id" value={String(id)} /> : ''}
          <fieldset>
            <legend safe>{t('{level} Information', { level: t(TITLES[kind]) })}</legend>
            {kind === 'store' ? <SelectField name="website_id" label={t('Web Site')} value={values.website_id} required options={websiteOptions} /> : ''}
            {kind === 'view' ? <SelectField name="store_id" label={t('Store')} value={values.store_id} required options={[]} groups={storeGroups} /> : ''}
            <TextField name="name" label={t('Name')} value={values.name} required />
            <TextField
              name="code"
              label={t('Code')}
              value={values.code}
              required
              note={t('Lowercase letters, digits and underscores, starting with a letter.')}
            />
            {kind === 'website' && id ? (
              <SelectField
                name="default_store_id"
                label={t('Default Store')}
                value={values.default_store_id}
                options={[
                  { value: '', label: t('-- None --') },
                  ...tree.stores.filter((s) => s.website_id === id).map((s) => ({ value: String(s.id), label: s.name })),
                ]}
              />
            ) : (
              ''
            )}
            {kind === 'store' && id ? (
              <SelectField
                name="default_store_view_id"
                label={t('Default Store View')}
                value={values.default_store_view_id}
                options={[
                  { value: '', label: t('-- None --') },
                  ...tree.views.filter((v) => v.store_id === id).map((v) => ({ value: String(v.id), label: v.name })),
                ]}
              />
            ) : (
              ''
            )}
            {kind === 'store' ? <TextField name="root_category_id" type="number" label={t('Root Category ID')} value={values.root_category_id} /> : ''}
            {kind === 'view' ? (
              <>
                <TextField
                  name="url_path"
                  label={t('URL Path Prefix')}
                  value={values.url_path}
                  note={t('The store view is served under /prefix/. Leave empty for the root.')}
                />
                <TextField name="host" label={t('Host')} value={values.host} note={t('Optional: serve this store view on its own host name.')} />
                <CheckboxField name="is_active" label={t('Enabled')} checked={values.is_active === '1'} />
              </>
            ) : (
              ''
            )}
            <TextField name="sort_order" type="number" label={t('Sort Order')} value={values.sort_order} />
          </fieldset>
        </form>
      </>
    ),
  });
}

/** The confirmation before deleting a website, store or store view. */
export function deleteStorePage(rc: RequestContext, kind: Kind, id: number, name: string) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Delete {level}', { level: t(TITLES[kind]) }),
    active: 'stores',
    content: (
      <form method="post" action={`${BASE}/${kind}/${id}/delete`} class="confirm-delete">
        <FormKey rc={rc} />
        <p safe>{t('Are you sure you want to delete "{name}"? This cannot be undone.', { name })}</p>
        <a class="action-secondary" href={`${BASE}/${kind}/${id}/edit`} safe>
          {t('Cancel')}
        </a>{' '}
        <button type="submit" class="action-primary" safe>
          {t('Delete {level}', { level: t(TITLES[kind]) })}
        </button>
      </form>
    ),
  });
}
