import type { Option } from './components.tsx';

export type GridFilter =
  | { type: 'text'; name: string }
  | { type: 'select'; name: string; options: Option[] }
  | { type: 'range'; from: string; to: string; input: 'date' | 'number' }
  | { type: 'none' };

export interface GridColumn<T> {
  label: string;
  /** Stable name for the column chooser; defaults to the sort key, then the filter name. */
  key?: string;
  /** Plain value, always escaped. */
  value?: (row: T) => string | number | null | undefined;
  /** Markup for the cell when a plain value is not enough (links, buttons). Must escape its own text. */
  cell?: (row: T) => JSX.Element;
  filter?: GridFilter;
  /** Sort key for ?sort=…; columns without it are not sortable. */
  sort?: string;
  class?: string;
}

/** The column's key for the column chooser (stable across languages, unlike the label). */
export function columnKey<T>(c: GridColumn<T>, index: number): string {
  if (c.key) return c.key;
  if (c.sort) return c.sort;
  const f = c.filter;
  if (f && f.type !== 'none') return f.type === 'range' ? f.from : f.name;
  return `col${index}`;
}

/** Query names that are not filters: paging, sorting, page size. */
export const NOT_FILTERS = new Set(['sort', 'dir', 'limit', 'page', 'after', 'before', 'columns']);
