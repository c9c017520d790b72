import type { RequestContext } from '../kernel/request-context.ts';
import { Pager, type GridPager } from './grid-pager.tsx';
import { activeFilters, ColumnChooser, FilterChips } from './grid-tools.tsx';
import { columnKey, type GridColumn } from './grid-types.ts';
import { withQuery } from './grid-url.ts';

export { keysetPager, listPage, listPager, listSlice, type GridPager } from './grid-pager.tsx';
export { columnKey, type GridColumn, type GridFilter } from './grid-types.ts';
export { withQuery } from './grid-url.ts';

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
  /** Mass-action checkbox column: value per row, its accessible name (e.g. "Select order 000000012"), the form id. */
  select?: { form: string; value: (row: T) => string; label?: (row: T) => string };
  /** Where the column chooser posts (see gridColumnsRoute); without it the grid has no chooser. */
  columnsAction?: string;
}

/**
 * An admin data grid: filter row (a plain GET form), Search / Reset Filter, active filters as chips, the column
 * chooser, the pager (count, per page, page numbers), sortable headers with aria-sort, rows, empty state.
 */
// Long by design: the grid's markup top to bottom (toolbar, pager, filters, rows); its cells are the callers' small functions.
export function Grid<T>(p: GridProps<T>) {
  const t = p.rc.t;
  const filterForm = `${p.id}-filters`;
  const hidden = new Set(p.columnsAction ? (p.rc.hiddenGridColumns?.[p.id] ?? []) : []);
  const columns = p.columns.filter((c, i) => !hidden.has(columnKey(c, i)));
  const hasFilters = columns.some((c) => c.filter && c.filter.type !== 'none');
  const keepQuery = Object.entries(p.query).filter(([k, v]) => v && (k === 'sort' || k === 'dir' || k === 'limit' || k === 'search'));
  const chips = activeFilters(p.rc, p.action, p.query, p.columns);
  const clearUrl = withQuery(p.action, Object.fromEntries(keepQuery.filter(([k]) => k !== 'search')));
  const span = String(columns.length + (p.select ? 1 : 0));
  return (
    <div class="admin-grid" id={p.id}>
      <div class="grid-toolbar">
        {hasFilters ? (
          <form id={filterForm} method="get" action={p.action} class="grid-filter-form">
            {keepQuery.map(([k, v]) => (
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
        {p.toolbar ? p.toolbar : ''}
        {p.columnsAction ? (
          <a class="action-secondary grid-columns-link" href={withQuery(p.action, p.query, { columns: 'choose' })} safe>
            {t('Columns')}
          </a>
        ) : (
          ''
        )}
      </div>
      {p.columnsAction && p.query.columns === 'choose' ? (
        <ColumnChooser
          rc={p.rc}
          id={p.id}
          action={p.columnsAction}
          returnUrl={withQuery(p.action, { ...p.query, columns: undefined })}
          columns={p.columns}
          hidden={hidden}
        />
      ) : (
        ''
      )}
      <FilterChips rc={p.rc} chips={chips} clearUrl={clearUrl} />
      {p.pager ? <Pager rc={p.rc} pager={p.pager} /> : ''}
      {/* A grid wider than the screen scrolls sideways; focusable, so it can be scrolled from the keyboard too. */}
      <div class="data-grid-wrap" tabindex="0">
        <table class="data-grid">
          <thead>
            <tr>
              {p.select ? (
                <th class="col-select" scope="col">
                  <span class="visually-hidden" safe>
                    {t('Select')}
                  </span>
                </th>
              ) : (
                ''
              )}
              {columns.map((c) => (
                <HeaderCell column={c} grid={p} />
              ))}
            </tr>
            {hasFilters ? (
              <tr class="data-grid-filters">
                {p.select ? <td></td> : ''}
                {columns.map((c) => (
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
                <td colspan={span} safe>
                  {p.emptyText ?? t("We couldn't find any records.")}
                </td>
              </tr>
            ) : (
              p.rows.map((row) => (
                <tr>
                  {p.select ? (
                    <td class="col-select">
                      <input
                        type="checkbox"
                        name="selected"
                        value={p.select.value(row)}
                        form={p.select.form}
                        aria-label={p.select.label ? p.select.label(row) : t('Select row {id}', { id: p.select.value(row) })}
                      />
                    </td>
                  ) : (
                    ''
                  )}
                  {columns.map((c) =>
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
    </div>
  );
}

/** A column header: sortable ones are links that flip the direction, with aria-sort telling the current order. */
function HeaderCell<T>({ column: c, grid: p }: { column: GridColumn<T>; grid: GridProps<T> }) {
  if (!c.sort)
    return (
      <th class={c.class} scope="col">
        <span safe>{c.label}</span>
      </th>
    );
  const active = p.sort?.key === c.sort ? p.sort.dir : undefined;
  const href = withQuery(p.action, p.query, {
    sort: c.sort,
    dir: active === 'asc' ? 'desc' : 'asc',
    before: undefined,
    after: undefined,
    page: undefined,
  });
  return (
    <th class={c.class} scope="col" aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}>
      <a href={href} class={active ? `sorted-${active}` : 'sortable'}>
        <span safe>{c.label}</span>
        <span class="sort-indicator" aria-hidden="true">
          {active === 'asc' ? '▲' : active === 'desc' ? '▼' : '↕'}
        </span>
      </a>
    </th>
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
