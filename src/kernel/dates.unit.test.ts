import { describe, expect, it } from 'vitest';
import { formatDate, isoWithOffset, offsetMinutes } from './dates.ts';

const stockholm = { locale: 'sv_SE', timeZone: 'Europe/Stockholm' };
const newYork = { locale: 'en_US', timeZone: 'America/New_York' };

describe('dates in the viewer’s zone', () => {
  it('crosses the spring daylight-saving change in Stockholm (02:00 CET → 03:00 CEST on 29 March 2026)', () => {
    expect(offsetMinutes(new Date('2026-03-29T00:59:59Z'), 'Europe/Stockholm')).toBe(60);
    expect(offsetMinutes(new Date('2026-03-29T01:00:00Z'), 'Europe/Stockholm')).toBe(120);
    expect(isoWithOffset('2026-03-29T00:30:00.000Z', 'Europe/Stockholm')).toBe('2026-03-29T01:30:00+01:00');
    // Half an hour later in UTC, an hour and a half later on the clock.
    expect(isoWithOffset('2026-03-29T01:30:00.000Z', 'Europe/Stockholm')).toBe('2026-03-29T03:30:00+02:00');
    expect(formatDate('2026-03-29T00:30:00.000Z', stockholm, 'time')).toMatch(/^01:30 CET$/);
    expect(formatDate('2026-03-29T01:30:00.000Z', stockholm, 'time')).toMatch(/^03:30 CEST$/);
  });

  it('crosses the autumn change (03:00 CEST → 02:00 CET on 25 October 2026): the same clock time twice', () => {
    expect(isoWithOffset('2026-10-25T00:30:00.000Z', 'Europe/Stockholm')).toBe('2026-10-25T02:30:00+02:00');
    expect(isoWithOffset('2026-10-25T01:30:00.000Z', 'Europe/Stockholm')).toBe('2026-10-25T02:30:00+01:00');
  });

  it('puts a late-evening UTC time on the next day in Stockholm and the same day in New York', () => {
    const iso = '2026-01-15T23:30:00.000Z';
    expect(formatDate(iso, stockholm, 'date')).toBe('16 jan. 2026');
    expect(formatDate(iso, newYork, 'date')).toBe('Jan 15, 2026');
    expect(formatDate(iso, stockholm)).toBe('16 jan. 2026 00:30 CET');
    expect(formatDate(iso, newYork)).toBe('Jan 15, 2026, 06:30 PM EST');
    expect(isoWithOffset(iso, 'America/New_York')).toBe('2026-01-15T18:30:00-05:00');
    expect(isoWithOffset(iso, 'UTC')).toBe('2026-01-15T23:30:00Z');
  });

  it('shows nothing for no date and the text itself for a value that is no date', () => {
    expect(formatDate(null, stockholm)).toBe('');
    expect(formatDate('soon', stockholm)).toBe('soon');
  });
});
