import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from './database.ts';

/**
 * Column conventions shared by SQLite and PostgreSQL, so one set of migrations serves both:
 * ids are integer identities, booleans are 0/1 integers, timestamps are ISO-8601 UTC text (sortable),
 * money is integer minor units, JSON is text.
 */
export function withId<T extends string>(builder: CreateTableBuilder<T, never>, dialect: DialectName) {
  return dialect === 'postgres'
    ? builder.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : builder.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export const toBool = (v: number | boolean | null | undefined) => v === 1 || v === true;
export const fromBool = (v: boolean) => (v ? 1 : 0);

export const toJson = (v: unknown) => JSON.stringify(v ?? null);
export function fromJson<T>(v: string | null | undefined, fallback: T): T {
  if (!v) return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

/** Escapes % and _ for a LIKE pattern ("contains" filters), with backslash as the escape character. */
export const likeContains = (v: string) => `%${v.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export type MigrationFn = (db: Kysely<any>, dialect: DialectName) => Promise<void>;
export interface MigrationDef {
  name: string;
  up: MigrationFn;
}

/** Case-insensitive "contains" on both databases (SQLite's LIKE and PostgreSQL's differ on case). */
export const containsText = (column: string, value: string) => sql<boolean>`lower(${sql.ref(column)}) like ${likeContains(value.toLowerCase())} escape '\\'`;

/**
 * Case-insensitive "starts with" that an index on lower(column) can serve on both databases: a range
 * [prefix, prefix + U+FFFF) instead of LIKE (which neither database runs on an expression index).
 */
export const startsWithText = (column: string, prefix: string) => {
  const p = prefix.toLowerCase();
  return sql<boolean>`(lower(${sql.ref(column)}) >= ${p} and lower(${sql.ref(column)}) < ${`${p}\uffff`})`;
};

/** The UTC day (YYYY-MM-DD) of an ISO-8601 timestamp column, to group by: the same text function on both databases. */
export const utcDay = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;
