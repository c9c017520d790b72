/** The one source of "now", so tests can move time without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can advance. */
export class ManualClock implements Clock {
  constructor(private current = new Date()) {}
  now() {
    return new Date(this.current.getTime());
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date) {
    this.current = new Date(date.getTime());
  }
}

/** UTC timestamp as stored in the database: ISO 8601 with milliseconds, sortable as text on both databases. */
export const isoUtc = (d: Date) => d.toISOString();
