import { isoUtc } from '../../kernel/clock.ts';
import { formatDate, offsetMinutes } from '../../kernel/dates.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { SEVERITY } from '../admin-notifications/index.ts';
import { TIMEZONE } from '../stores/index.ts';
import { audit } from './activity.ts';
import { VIEW_LOG_RESOURCE } from './public.ts';
import { lacLimitsRepo } from './repo.ts';
import {
  LAC_ALERT_EMAIL,
  LAC_ALERT_PER_HOUR,
  LAC_HOURS_FROM,
  LAC_HOURS_TO,
  LAC_MAX_CUSTOMERS_PER_DAY,
  LAC_MAX_PER_HOUR,
  LAC_WORKING_DAYS,
} from './settings.ts';

/**
 * Per-agent limits (sessions per hour, distinct customers per day, working hours) and the alert when an agent
 * reaches the threshold. Counted from lac_sessions (every process sees the same rows), one indexed query each.
 * `start` consults `refuseOverLimits` before its transaction and `alertOnThreshold` inside it, after the insert.
 */

export type LimitCode = 'limit_sessions_per_hour' | 'limit_customers_per_day' | 'outside_working_hours';

type Me = { admin_id: number; admin_username: string; admin_name: string };
const HOUR_MS = 3_600_000;

/** A setting that is a whole number, or undefined when empty (no limit). */
async function limitOf(rc: RequestContext, path: string): Promise<number | undefined> {
  const v = (await rc.app.services.config.get(path, {}, rc.db)).trim();
  const n = Number(v);
  return v !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
}

const minutesOf = (hhmm: string) => (/^\d\d:\d\d$/.test(hhmm) ? Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) : undefined);

/** The wall clock in the admin scope's time zone (General > Locale Options > Timezone, default scope). */
export function localClock(now: Date, timeZone: string) {
  const offset = offsetMinutes(now, timeZone);
  const local = new Date(now.getTime() + offset * 60_000);
  const dayStartUtc = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset * 60_000);
  return { weekday: local.getUTCDay(), minutes: local.getUTCHours() * 60 + local.getUTCMinutes(), dayStartUtc };
}

/** Whether `minutes` falls in [from, to); a range past midnight (22:00–06:00) wraps; an open end is unbounded. */
export function withinHours(minutes: number, from: number | undefined, to: number | undefined) {
  if (from === undefined && to === undefined) return true;
  if (from !== undefined && to !== undefined) return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
  return from !== undefined ? minutes >= from : minutes < to!;
}

/** Why this agent may not start a session now, or undefined; checked before the session's transaction. */
export async function refuseOverLimits(
  rc: RequestContext,
  me: Me,
  customerId: number,
): Promise<{ message: string; code: LimitCode; extra: Record<string, unknown> } | undefined> {
  const config = rc.app.services.config;
  const now = rc.app.clock.now();
  const zone = (await config.get(TIMEZONE, {}, rc.db)) || 'UTC';
  const clock = localClock(now, zone);
  const days = await config.getList(LAC_WORKING_DAYS, {}, rc.db);
  const from = minutesOf((await config.get(LAC_HOURS_FROM, {}, rc.db)).trim());
  const to = minutesOf((await config.get(LAC_HOURS_TO, {}, rc.db)).trim());
  if ((days.length && !days.includes(String(clock.weekday))) || !withinHours(clock.minutes, from, to))
    return {
      message: 'Login as Customer is not available outside working hours.',
      code: 'outside_working_hours',
      extra: { time_zone: zone, weekday: clock.weekday, local_minutes: clock.minutes },
    };
  const perHour = await limitOf(rc, LAC_MAX_PER_HOUR);
  if (perHour !== undefined) {
    const n = await lacLimitsRepo.sessionsSince(rc.db, me.admin_id, isoUtc(new Date(now.getTime() - HOUR_MS)));
    if (n >= perHour)
      return {
        message: 'You have reached the maximum number of Login as Customer sessions per hour. Please try again later.',
        code: 'limit_sessions_per_hour',
        extra: { sessions_last_hour: n, limit: perHour },
      };
  }
  const perDay = await limitOf(rc, LAC_MAX_CUSTOMERS_PER_DAY);
  if (perDay !== undefined) {
    const seen = await lacLimitsRepo.customersSince(rc.db, me.admin_id, isoUtc(clock.dayStartUtc), customerId);
    if (!seen.includes && seen.count >= perDay)
      return {
        message: 'You have reached the maximum number of different customers you may log in as today.',
        code: 'limit_customers_per_day',
        extra: { customers_today: seen.count, limit: perDay, time_zone: zone },
      };
  }
  return undefined;
}

/**
 * In `start`'s transaction, after the session row is written: when this session makes the agent's count in the
 * last 60 minutes reach the alert threshold exactly, an admin notification and an email to the alert address are
 * written (once per crossing: the next sessions are past it; it fires again only after the count fell below).
 */
export async function alertOnThreshold(trx: RequestContext, me: Me): Promise<void> {
  const threshold = await limitOf(trx, LAC_ALERT_PER_HOUR);
  if (threshold === undefined) return;
  const now = trx.app.clock.now();
  const n = await lacLimitsRepo.sessionsSince(trx.db, me.admin_id, isoUtc(new Date(now.getTime() - HOUR_MS)));
  if (n !== threshold) return;
  const params = { admin: `${me.admin_name} (${me.admin_username})`, count: n };
  await trx.app.services.adminNotifications.add(trx, {
    severity: SEVERITY.major,
    title: 'Login as Customer alert: many sessions by one admin user',
    message: '{admin} has started {count} Login as Customer sessions in the last hour.',
    params,
    link: `/admin/customers/login-as-customer/log?admin_id=${me.admin_id}`,
    resource: VIEW_LOG_RESOURCE,
  });
  const to = (await trx.app.services.config.get(LAC_ALERT_EMAIL, {}, trx.db)).trim();
  if (to)
    await trx.app.services.mail.queue(trx, {
      to,
      subject: trx.t('Login as Customer alert: {admin}', params),
      text: [
        trx.t('{admin} has started {count} Login as Customer sessions in the last hour.', params),
        trx.t('Time: {time}', { time: formatDate(isoUtc(now), trx) }),
        '',
        trx.t('See Customers > Login as Customer Log in the admin panel.'),
      ].join('\n'),
    });
  await audit(trx, me, {
    action: 'Limit Alert',
    details: `Alert: ${me.admin_username} reached ${n} sessions in the last hour${to ? `; email queued to ${to}` : ''}`,
    fullDetails: { admin_id: me.admin_id, sessions_last_hour: n, threshold, email: to || null },
  });
}
