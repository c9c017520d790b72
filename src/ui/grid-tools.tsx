import type { RequestContext } from '../kernel/request-context.ts';
import { FormKey } from './components.tsx';
import { columnKey, NOT_FILTERS, type GridColumn } from './grid-types.ts';
import { withQuery } from './grid-url.ts';

export interface Chip {
  label: string;
  value: string;
  /** The grid's URL without this filter. */
  removeUrl: string;
}

/** The active filters of a grid as chips, each with the URL that drops it (and goes back to the first page). */
export function activeFilters<T>(rc: RequestContext, action: string, query: Record<string, string | undefined>, columns: GridColumn<T>[]): Chip[] {
  const t = rc.t;
  const without = (...names: string[]) =>
    withQuery(action, query, Object.fromEntries([...names, 'page', 'after', 'before', 'columns'].map((n) => [n, undefined] as [string, undefined])));
  const chips: Chip[] = [];
  if (query.search) chips.push({ label: t('Keyword'), value: query.search, removeUrl: without('search') });
  for (const c of columns) {
    const f = c.filter;
    if (!f || f.type === 'none') continue;
    if (f.type === 'range') {
      const from = query[f.from];
      const to = query[f.to];
      if (!from && !to) continue;
      const value = from && to ? `${from} – ${to}` : from ? t('from {value}', { value: from }) : t('to {value}', { value: to ?? '' });
      chips.push({ label: c.label, value, removeUrl: without(f.from, f.to) });
      continue;
    }
    const v = query[f.name];
    if (!v || NOT_FILTERS.has(f.name)) continue;
    const value = f.type === 'select' ? (f.options.find((o) => o.value === v)?.label ?? v) : v;
    chips.push({ label: c.label, value, removeUrl: without(f.name) });
  }
  return chips;
}

/** "Active filters: [Status: Pending ×] [Email: a@b ×] Clear all" — each chip is a link removing its filter. */
export function FilterChips({ rc, chips, clearUrl }: { rc: RequestContext; chips: Chip[]; clearUrl: string }) {
  const t = rc.t;
  if (!chips.length) return '';
  return (
    <div class="grid-chips">
      <span class="grid-chips-title" safe>
        {t('Active filters:')}
      </span>
      <ul>
        {chips.map((c) => (
          <li>
            <a class="grid-chip" href={c.removeUrl} aria-label={t('Remove filter {label}: {value}', { label: c.label, value: c.value })}>
              <span safe>{`${c.label}: ${c.value}`}</span>
              <span class="grid-chip-x" aria-hidden="true">
                ×
              </span>
            </a>
          </li>
        ))}
      </ul>
      <a class="grid-chips-clear" href={clearUrl} safe>
        {t('Clear all')}
      </a>
    </div>
  );
}

/**
 * The column chooser, shown when the grid's Columns link is followed (?columns=choose): a POST form (with the
 * form key) listing every column with a checkbox; the choice is kept per admin user on the server, and the form
 * returns to the grid as it was. Kept off the grid otherwise, so a column's name labels only its filter.
 */
export function ColumnChooser<T>(p: { rc: RequestContext; id: string; action: string; returnUrl: string; columns: GridColumn<T>[]; hidden: Set<string> }) {
  const t = p.rc.t;
  return (
    <section class="grid-columns" aria-labelledby={`${p.id}-columns-title`}>
      <h2 id={`${p.id}-columns-title`} safe>
        {t('Columns')}
      </h2>
      <form method="post" action={p.action} class="grid-columns-form">
        <FormKey rc={p.rc} />
        <input type="hidden" name="return" value={p.returnUrl} />
        <fieldset>
          <legend safe>{t('Visible columns')}</legend>
          {p.columns.map((c, i) => {
            const key = columnKey(c, i);
            const inputId = `${p.id}-col-${key}`;
            return (
              <div class="grid-columns-option">
                <input type="hidden" name="columns" value={key} />
                <input type="checkbox" id={inputId} name="visible" value={key} checked={!p.hidden.has(key)} />
                <label for={inputId} safe>
                  {c.label}
                </label>
              </div>
            );
          })}
        </fieldset>
        <button type="submit" class="action-primary" data-role="apply-columns" safe>
          {t('Apply')}
        </button>{' '}
        <a class="action-secondary" href={p.returnUrl} safe>
          {t('Cancel')}
        </a>
      </form>
    </section>
  );
}
