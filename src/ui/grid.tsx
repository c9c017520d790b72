import type { RequestContext } from '../kernel/request-context.ts';
import type { Option } from './components.tsx';

export type GridFilter =
  | { type: 'text'; name: string }
  | { type: 'select'; name: string; options: Option[] }
  | { type: 'range'; from: string; to: string; input: 'date' | 'number' }
  | { type: 'none' };

export interface GridColumn<T> {
  label: string;
  /** Plain value, always escaped. */
  value?: (row: T) => string | number | null | undefined;
  /** Markup for the cell when a plain value is not enough (links, buttons). Must escape its own text. */
  cell?: (row: T) => JSX.Element;
  filter?: GridFilter;
  /** Sort key for ?sort=…; columns without it are not sortable. */
  sort?: string;
  class?: string;
}

export interface GridPager {
  /** e.g. "1–20 of 143" or "Showing 20 records". */
  summary?: string;
  prevUrl?: string;
  nextUrl?: string;
  firstUrl?: string;
}

export interface GridProps<T> {
  rc: RequestContext;
  id: string;
  /** URL the filter form submits to (GET). */
  action: string;
  columns: GridColumn<T>[];
  rows: T[];
  /** Current filter/query values, to refill the inputs. */
  query: Record<string, string | undefined>;
  pager?: GridPager;
  /** Current sort key and direction, to draw sortable headers as links. */
  sort?: { key: string; dir: 'asc' | 'desc' };
  /** Extra toolbar content (export links, mass actions). */
  toolbar?: JSX.Element;
  emptyText?: string;
  /** Mass-action checkbox column: value per row, form id the checkboxes belong to. */
  select?: { form: string; value: (row: T) => string };
}

/** Builds a URL with the current query plus changes; undefined/empty values are dropped. */
export function withQuery(base: string, query: Record<string, string | undefined>, changes: Record<string, string | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

/** An admin data grid: filter row (a plain GET form), Search / Reset Filter, sortable headers, paging, empty state. */
// Long by design: the grid's markup top to bottom (toolbar, pager, filters, rows); its cells are the callers' small functions.
export function Grid<T>(p: GridProps<T>) {
  const t = p.rc.t;
  const toolbar = p.toolbar;
  const hasFilters = p.columns.some((c) => c.filter && c.filter.type !== 'none');
  const filterForm = `${p.id}-filters`;
  const keepQuery = Object.fromEntries(Object.entries(p.query).filter(([k]) => k === 'sort' || k === 'dir' || k === 'limit'));
  return (
    <div class="admin-grid" id={p.id}>
      <div class="grid-toolbar">
        {hasFilters ? (
          <form id={filterForm} method="get" action={p.action} class="grid-filter-form">
            {Object.entries(keepQuery).map(([k, v]) => (
              <input type="hidden" name={k} value={v ?? ''} />
            ))}
            <button type="submit" class="action-primary" data-role="search" safe>
              {t('Search')}
            </button>
            <a class="action-reset" href={p.action} safe>
              {t('Reset Filter')}
            </a>
          </form>
        ) : (
          ''
        )}
        {toolbar ? toolbar : ''}
        {p.pager ? (
          <div class="pager">
            {p.pager.summary ? (
              <span class="pager-summary" safe>
                {p.pager.summary}
              </span>
            ) : (
              ''
            )}
            {p.pager.firstUrl ? (
              <a class="pager-first" href={p.pager.firstUrl} safe>
                {t('First')}
              </a>
            ) : (
              ''
            )}
            {p.pager.prevUrl ? (
              <a class="pager-prev" rel="prev" href={p.pager.prevUrl} safe>
                {t('Previous')}
              </a>
            ) : (
              ''
            )}
            {p.pager.nextUrl ? (
              <a class="pager-next" rel="next" href={p.pager.nextUrl} safe>
                {t('Next')}
              </a>
            ) : (
              ''
            )}
          </div>
        ) : (
          ''
        )}
      </div>
      <table class="data-grid">
        <thead>
          <tr>
            {p.select ? <th class="col-select"></th> : ''}
            {p.columns.map((c) => (
              <th class={c.class}>
                {c.sort ? (
                  <a
                    href={withQuery(p.action, p.query, {
                      sort: c.sort,
                      dir: p.sort?.key === c.sort && p.sort.dir === 'asc' ? 'desc' : 'asc',
                      before: undefined,
                      after: undefined,
                      page: undefined,
                    })}
                    class={p.sort?.key === c.sort ? `sorted-${p.sort.dir}` : undefined}
                    safe
                  >
                    {c.label}
                  </a>
                ) : (
                  <span safe>{c.label}</span>
                )}
              </th>
            ))}
          </tr>
          {hasFilters ? (
            <tr class="data-grid-filters">
              {p.select ? <td></td> : ''}
              {p.columns.map((c) => (
                <td>{renderFilter(c, p.query, filterForm, t)}</td>
              ))}
            </tr>
          ) : (
            ''
          )}
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr class="data-grid-empty">
              <td colspan={String(p.columns.length + (p.select ? 1 : 0))} safe>
                {p.emptyText ?? t("We couldn't find any records.")}
              </td>
            </tr>
          ) : (
            p.rows.map((row) => (
              <tr>
                {p.select ? (
                  <td class="col-select">
                    <input type="checkbox" name="selected" value={p.select.value(row)} form={p.select.form} aria-label={t('Select row')} />
                  </td>
                ) : (
                  ''
                )}
                {p.columns.map((c) =>
                  c.cell ? (
                    <td class={c.class}>{c.cell(row)}</td>
                  ) : (
                    <td class={c.class} safe>
                      {String(c.value?.(row) ?? '')}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function renderFilter<T>(c: GridColumn<T>, query: Record<string, string | undefined>, form: string, t: RequestContext['t']) {
  const f = c.filter;
  if (!f || f.type === 'none') return '';
  if (f.type === 'text') return <input type="text" name={f.name} value={query[f.name] ?? ''} form={form} aria-label={c.label} />;
  if (f.type === 'select')
    return (
      <select name={f.name} form={form} aria-label={c.label}>
        <option value="" safe>
          {t('Any')}
        </option>
        {f.options.map((o) => (
          <option value={o.value} selected={query[f.name] === o.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    );
  return (
    <div class="range-filter">
      <input type={f.input} name={f.from} value={query[f.from] ?? ''} form={form} placeholder={t('from')} aria-label={t('{label} from', { label: c.label })} />
      <input type={f.input} name={f.to} value={query[f.to] ?? ''} form={form} placeholder={t('to')} aria-label={t('{label} to', { label: c.label })} />
    </div>
  );
}

/**
 * Pager for keyset-paged grids: "N records found" (or, where counting every match would cost more than the page,
 * "N records on this page") with First / Previous / Next links keeping the query.
 */
export function keysetPager(
  rc: RequestContext,
  base: string,
  q: Record<string, string | undefined>,
  total: number | undefined,
  page: { prevBefore?: number; nextAfter?: number },
  shown = 0,
): GridPager {
  const keep = { ...q, after: undefined, before: undefined, page: undefined };
  return {
    summary: total === undefined ? rc.t('{count} records on this page', { count: shown }) : rc.t('{count} records found', { count: total }),
    firstUrl: page.prevBefore !== undefined ? withQuery(base, keep) : undefined,
    prevUrl: page.prevBefore !== undefined ? withQuery(base, keep, { before: String(page.prevBefore) }) : undefined,
    nextUrl: page.nextAfter !== undefined ? withQuery(base, keep, { after: String(page.nextAfter) }) : undefined,
  };
}

/** The "Search by keyword" box above a grid (a plain GET form). */
export function KeywordSearch({ rc, action, value, id }: { rc: RequestContext; action: string; value?: string; id: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: role=search on the form is the search landmark every browser and reader knows; <search> is newer
    <form method="get" action={action} class="keyword-search" role="search">
      <label for={id} safe>
        {rc.t('Search by keyword')}
      </label>
      <input id={id} type="search" name="search" value={value ?? ''} />
      <button type="submit" safe>
        {rc.t('Search')}
      </button>
    </form>
  );
}
