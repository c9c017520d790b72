import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, rendered, SelectField, TextAreaField, TextField } from '../../../ui/components.tsx';
import { ROOT_CATEGORY_ID } from '../public.ts';
import type { CategoryInput, CategoryNode } from '../service.ts';

export const CATEGORIES = '/admin/catalog/categories';

export interface CategoryPageData {
  current: CategoryInput & { id?: number };
  tree: CategoryNode[];
  /** Products per category id. */
  counts: Map<number, number>;
  errors?: { message?: string; fields?: Record<string, string> };
  /** The scope select (an existing category). */
  scope?: JSX.Element;
  /** At a store view: its text form in place of the category form. */
  storeView?: JSX.Element;
}

/** Every category except the one edited and its descendants, indented by depth: where it may move. */
function parentOptions(tree: CategoryNode[], currentId?: number) {
  const parents: { value: string; label: string }[] = [];
  const walk = (n: CategoryNode) => {
    if (n.id === currentId) return;
    parents.push({ value: String(n.id), label: `${'— '.repeat(n.depth)}${n.name}` });
    n.children.forEach(walk);
  };
  tree.forEach(walk);
  return parents;
}

function CategoryTree({ rc, nodes, d }: { rc: RequestContext; nodes: CategoryNode[]; d: CategoryPageData }): JSX.Element {
  return (
    <ul>
      {nodes.map((n) => (
        <li>
          <a href={`${CATEGORIES}/${n.id}/edit`} class={n.id === d.current.id ? 'current' : undefined} safe>
            {`${n.name} (${d.counts.get(n.id) ?? 0})`}
          </a>
          {n.is_active ? (
            ''
          ) : (
            <span class="badge" safe>
              {rc.t('Disabled')}
            </span>
          )}
          {n.children.length ? <CategoryTree rc={rc} nodes={n.children} d={d} /> : ''}
        </li>
      ))}
    </ul>
  );
}

function CategoryForm({ rc, d }: { rc: RequestContext; d: CategoryPageData }) {
  const t = rc.t;
  const current = d.current;
  const fe = d.errors?.fields ?? {};
  return (
    <form id="category-form" method="post" action={current.id ? `${CATEGORIES}/${current.id}/save` : `${CATEGORIES}/save`} class="admin-form" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={d.errors?.message ? [t(d.errors.message)] : []} />
      <CheckboxField name="is_active" label={t('Enable Category')} checked={current.active} />
      <TextField name="name" label={t('Category Name')} value={current.name} required error={fe.name && t(fe.name)} />
      {current.id === ROOT_CATEGORY_ID ? (
        ''
      ) : (
        <SelectField
          name="parent_id"
          label={t('Parent Category')}
          value={String(current.parentId)}
          options={parentOptions(d.tree, current.id)}
          error={fe.parent_id && t(fe.parent_id)}
        />
      )}
      <TextField name="url_key" label={t('URL Key')} value={current.urlKey} error={fe.url_key && t(fe.url_key)} />
      <TextField name="position" label={t('Position')} value={current.position} error={fe.position && t(fe.position)} />
      <TextAreaField name="description" label={t('Description')} value={current.description} />
    </form>
  );
}

/** Catalog > Categories: the tree beside the edit form. */
export function categoryPage(rc: RequestContext, d: CategoryPageData) {
  const t = rc.t;
  const current = d.current;
  return adminPage(rc, {
    title: current.id ? t('{name} (ID: {id})', { name: current.name, id: current.id }) : t('New Category'),
    active: 'catalog',
    actions: (
      <>
        <a class="action-secondary" href={`${CATEGORIES}/new?parent=${ROOT_CATEGORY_ID}`} safe>
          {t('Add Subcategory')}
        </a>
        {current.id && current.id !== ROOT_CATEGORY_ID && !d.storeView ? (
          <a class="action-secondary" href={`${CATEGORIES}/${current.id}/delete`} safe>
            {t('Delete')}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="category-form" class="action-primary" safe>
          {t('Save')}
        </button>
      </>
    ),
    content: (
      <div class="category-edit">
        <aside class="category-tree">
          <CategoryTree rc={rc} nodes={d.tree} d={d} />
        </aside>
        <div class="category-main">
          {rendered(d.scope ?? '')}
          {d.storeView ? rendered(d.storeView) : <CategoryForm rc={rc} d={d} />}
        </div>
      </div>
    ),
  });
}
