/**
 * Dates and times as people read them: stored in UTC (ISO 8601 strings), shown through Intl in the viewer's
 * locale and time zone, exported as ISO 8601 with the zone's offset. Never sliced out of an ISO string.
 */
export type DateStyle = 'date' | 'datetime' | 'seconds' | 'time';

export interface Zoned {
  locale: string;
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'UTC';

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  /** For audit trails, where the second matters. */
  seconds: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
  time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
};

// Building an Intl.DateTimeFormat costs far more than using one: keep one per locale, zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(where: Zoned, style: DateStyle): Intl.DateTimeFormat {
  const key = `${where.locale}|${where.timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(where.locale.replace('_', '-'), { ...OPTIONS[style], timeZone: where.timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** A stored UTC time for a reader ('' for none, the text itself when it is no date). */
export function formatDate(iso: string | null | undefined, where: Zoned, style: DateStyle = 'datetime'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatterFor(where, style).format(d);
}

const offsetParts = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC at that instant, in minutes (Europe/Stockholm: 60 in winter, 120 in summer). */
export function offsetMinutes(d: Date, timeZone: string): number {
  let f = offsetParts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetParts.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** ISO 8601 in the zone's local time with its offset, e.g. 2026-03-29T03:30:00+02:00 (for exports). */
export function isoWithOffset(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const offset = offsetMinutes(d, timeZone);
  const local = new Date(Math.floor(d.getTime() / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Every IANA time zone this runtime knows, for the Timezone setting. */
export function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
