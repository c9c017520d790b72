import type { SettingGroup } from '../types.ts';
import { isEmailAddress } from '../../kernel/email.ts';
import {
  LAC_ALERT_EMAIL,
  LAC_ALERT_PER_HOUR,
  LAC_HOURS_FROM,
  LAC_HOURS_TO,
  LAC_MAX_CUSTOMERS_PER_DAY,
  LAC_MAX_PER_HOUR,
  LAC_WORKING_DAYS,
  optionalWhole,
  timeOfDay,
  WEEK_DAYS,
} from './settings.ts';

/** Login as Customer > Per-Agent Limits and Alerts: every field empty (the default) means no limit. */
export const limitSettings: SettingGroup = {
  id: 'limits',
  label: 'Per-Agent Limits and Alerts',
  sortOrder: 30,
  fields: [
    {
      path: LAC_MAX_PER_HOUR,
      label: 'Max Sessions per Agent per Hour',
      type: 'text',
      default: '',
      scopes: ['default'],
      comment: 'Sessions an admin user may start in any 60 minutes. Leave empty for no limit.',
      validate: optionalWhole(1, 1000),
    },
    {
      path: LAC_MAX_CUSTOMERS_PER_DAY,
      label: 'Max Distinct Customers per Agent per Day',
      type: 'text',
      default: '',
      scopes: ['default'],
      comment: 'Different customers an admin user may log in as in one day (in the store time zone). Leave empty for no limit.',
      validate: optionalWhole(1, 10000),
    },
    {
      path: LAC_HOURS_FROM,
      label: 'Working Hours From',
      type: 'text',
      default: '',
      scopes: ['default'],
      comment: 'HH:MM in the time zone of General > Locale Options > Timezone (default scope). Leave both times empty to allow any time.',
      validate: timeOfDay,
    },
    { path: LAC_HOURS_TO, label: 'Working Hours To', type: 'text', default: '', scopes: ['default'], validate: timeOfDay },
    {
      path: LAC_WORKING_DAYS,
      label: 'Working Days',
      type: 'multiselect',
      default: WEEK_DAYS.map((d) => d.value).join(','),
      scopes: ['default'],
      options: WEEK_DAYS,
      comment: 'The days sessions may start on (none selected: any day).',
    },
    {
      path: LAC_ALERT_PER_HOUR,
      label: 'Alert Threshold (sessions per hour)',
      type: 'text',
      default: '',
      scopes: ['default'],
      comment: 'When an admin user reaches this many sessions in 60 minutes, an admin notification and an email are sent. Leave empty for no alert.',
      validate: optionalWhole(1, 1000),
    },
    {
      path: LAC_ALERT_EMAIL,
      label: 'Alert Email Address',
      type: 'text',
      default: '',
      scopes: ['default'],
      validate: (v) => (v.trim() === '' || isEmailAddress(v.trim()) ? null : 'Please enter a valid email address.'),
    },
  ],
};
