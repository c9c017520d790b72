import { sql, type RawBuilder } from 'kysely';

/**
 * Keyset paging for admin grids: a page is "the next N rows after (or before) this row" in the grid's order of
 * (sort column, id), so page 5,000 costs what page 1 costs — an index seek — where OFFSET would walk every row in
 * front of it. The cursor is only a row id; the sort value is read from that row by the query itself.
 */
export type SortDir = 'asc' | 'desc';

/** Where a requested page starts: after a row (Next), before one (Previous), or at the beginning. */
export interface KeysetCursor {
  after?: number;
  before?: number;
}

/** A row position a page goes past, in the order the rows are read. */
export interface Past {
  id: number;
  dir: SortDir;
}

export interface KeysetPage<R> {
  rows: R[];
  /** Row id for ?before= when there are rows in front of this page. */
  prevBefore?: number;
  /** Row id for ?after= when there are rows behind this page. */
  nextAfter?: number;
}

const flip = (dir: SortDir): SortDir => (dir === 'asc' ? 'desc' : 'asc');

/**
 * Reads one page. `read(dir, past, limit)` returns up to `limit` rows ordered by (sort, id) in `dir`, strictly
 * beyond the row `past` in that order when given. A cursor row that no longer exists or lies beyond the end gives
 * the first page.
 */
export async function keysetPage<R extends { id: number }>(
  dir: SortDir,
  cursor: KeysetCursor,
  limit: number,
  read: (dir: SortDir, past: Past | undefined, limit: number) => Promise<R[]>,
): Promise<KeysetPage<R>> {
  const beyond = async (row: R, towards: SortDir) => (await read(towards, { id: row.id, dir: towards }, 1)).length > 0;
  if (cursor.before !== undefined) {
    const found = await read(flip(dir), { id: cursor.before, dir: flip(dir) }, limit + 1);
    if (found.length) {
      const rows = found.slice(0, limit).reverse();
      return {
        rows,
        prevBefore: found.length > limit ? rows[0]!.id : undefined,
        nextAfter: (await beyond(rows[rows.length - 1]!, dir)) ? rows[rows.length - 1]!.id : undefined,
      };
    }
  } else if (cursor.after !== undefined) {
    const found = await read(dir, { id: cursor.after, dir }, limit + 1);
    if (found.length) {
      const rows = found.slice(0, limit);
      return {
        rows,
        prevBefore: (await beyond(rows[0]!, flip(dir))) ? rows[0]!.id : undefined,
        nextAfter: found.length > limit ? rows[rows.length - 1]!.id : undefined,
      };
    }
  }
  const found = await read(dir, undefined, limit + 1);
  const rows = found.slice(0, limit);
  return { rows, nextAfter: found.length > limit ? rows[rows.length - 1]!.id : undefined };
}

/**
 * The condition "this row comes after row `past.id` when reading by (column, id) in `past.dir`", on `alias`
 * of `table`. Served by an index on (column, id) (SQLite: on column, whose entries end in the rowid).
 */
export function pastRow(table: string, alias: string, column: string, past: Past): RawBuilder<boolean> {
  const op = sql.raw(past.dir === 'asc' ? '>' : '<');
  const id = sql.ref(`${alias}.id`);
  if (column === 'id') return sql<boolean>`${id} ${op} ${past.id}`;
  return sql<boolean>`(${sql.ref(`${alias}.${column}`)}, ${id}) ${op} (select k.${sql.ref(column)}, k.id from ${sql.table(table)} as k where k.id = ${past.id})`;
}

/** `?after=` / `?before=` from a grid's query string (positive integers; anything else is ignored). */
export function cursorOf(q: Record<string, string | undefined>): KeysetCursor {
  // Row ids are 32-bit integers: a larger cursor matches no row (PostgreSQL would refuse to compare it), so it starts over.
  const id = (v: string | undefined) => (v && /^\d{1,10}$/.test(v) && Number(v) > 0 && Number(v) <= 2_147_483_647 ? Number(v) : undefined);
  const before = id(q.before);
  return before !== undefined ? { before } : { after: id(q.after) };
}
