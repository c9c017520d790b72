import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';

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
  /** A numbered page (2 and up) read by OFFSET: only for the first pages, see MAX_OFFSET_ROWS. */
  page?: number;
}

/** Numbered pages reach this many rows deep at most; beyond, the grid pages by cursor only (an OFFSET walks every row in front). */
export const MAX_OFFSET_ROWS = 10_000;

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
  /** The page number when this page was read by number (or is the first); undefined for a page reached by cursor. */
  page?: number;
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
  read: (dir: SortDir, past: Past | undefined, limit: number, offset: number) => Promise<R[]>,
): Promise<KeysetPage<R>> {
  const beyond = async (row: R, towards: SortDir) => (await read(towards, { id: row.id, dir: towards }, 1, 0)).length > 0;
  if (cursor.before !== undefined) {
    const found = await read(flip(dir), { id: cursor.before, dir: flip(dir) }, limit + 1, 0);
    if (found.length) {
      const rows = found.slice(0, limit).reverse();
      return {
        rows,
        prevBefore: found.length > limit ? rows[0]!.id : undefined,
        nextAfter: (await beyond(rows[rows.length - 1]!, dir)) ? rows[rows.length - 1]!.id : undefined,
      };
    }
  } else if (cursor.after !== undefined) {
    const found = await read(dir, { id: cursor.after, dir }, limit + 1, 0);
    if (found.length) {
      const rows = found.slice(0, limit);
      return {
        rows,
        prevBefore: (await beyond(rows[0]!, flip(dir))) ? rows[0]!.id : undefined,
        nextAfter: found.length > limit ? rows[rows.length - 1]!.id : undefined,
      };
    }
  } else if (cursor.page !== undefined && cursor.page > 1 && (cursor.page - 1) * limit < MAX_OFFSET_ROWS) {
    const found = await read(dir, undefined, limit + 1, (cursor.page - 1) * limit);
    if (found.length) {
      const rows = found.slice(0, limit);
      return { rows, page: cursor.page, prevBefore: rows[0]!.id, nextAfter: found.length > limit ? rows[rows.length - 1]!.id : undefined };
    }
  }
  const found = await read(dir, undefined, limit + 1, 0);
  const rows = found.slice(0, limit);
  return { rows, page: 1, nextAfter: found.length > limit ? rows[rows.length - 1]!.id : undefined };
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
  if (before !== undefined) return { before };
  const after = id(q.after);
  if (after !== undefined) return { after };
  const page = q.page && /^\d{1,5}$/.test(q.page) && Number(q.page) > 1 ? Number(q.page) : undefined;
  return page !== undefined ? { page } : { after: undefined };
}

/** Counts that could reach a million stop here: "more than 10,000 records found" (see countCapped). */
export const COUNT_CAP = 10_000;

/** Rows per page a grid offers (?limit=); the first is the default. */
export const PAGE_SIZES = [20, 30, 50, 100, 200] as const;

/** `?limit=` from a grid's query string: one of PAGE_SIZES, else the default. */
export function pageSizeOf(q: Record<string, string | undefined>): number {
  const n = Number(q.limit);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : PAGE_SIZES[0];
}

/**
 * Counts the rows of `q` (a filtered select, not yet ordered), reading at most `cap + 1` of them: the answer is
 * exact up to `cap`, and `cap + 1` means "more than cap" — so a count over a million matches costs what reading
 * `cap` index entries costs.
 */
export async function countCapped(db: Kysely<any>, q: SelectQueryBuilder<any, any, any>, cap: number): Promise<number> {
  const inner = q
    .clearSelect()
    .select(sql.lit(1).as('one'))
    .limit(cap + 1);
  const row = await db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
