/** Day buckets for reports: UTC calendar days as YYYY-MM-DD, the same text the database groups timestamps by. */

const DAY_MS = 86_400_000;

/** The last `count` UTC days up to and including `now`'s, oldest first. */
export function lastDays(now: Date, count: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) => new Date(today - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The ISO timestamp at which the first of `days` begins. */
export const startOfDay = (day: string) => `${day}T00:00:00.000Z`;

/** Every day of `days` with its row's values, or `empty` where the database had no row for it. */
export function fillDays<T extends { day: string }>(days: string[], rows: T[], empty: Omit<T, 'day'>): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return days.map((day) => byDay.get(day) ?? ({ ...empty, day } as T));
}
