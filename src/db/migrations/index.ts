import type { MigrationDef } from '../helpers.ts';
import { migration as m0001 } from './0001-foundation.ts';
import { migration as m0002 } from './0002-store.ts';
import { migration as m0003 } from './0003-login-as-customer.ts';
import { migration as m0004 } from './0004-transparency.ts';
import { migration as m0005 } from './0005-scale-indexes.ts';
import { migration as m0006 } from './0006-grid-order-indexes.ts';
import { migration as m0007 } from './0007-customer-lockout.ts';
import { migration as m0008 } from './0008-jobs.ts';
import { migration as m0009 } from './0009-price-index.ts';
import { migration as m0010 } from './0010-log-checkpoints.ts';
import { migration as m0011 } from './0011-lac-structured-events.ts';
import { migration as m0012 } from './0012-log-chain-checks.ts';
import { migration as m0013 } from './0013-admin-grid-preferences.ts';
import { migration as m0014 } from './0014-dashboard-indexes.ts';
import { migration as m0015 } from './0015-currencies.ts';
import { migration as m0016 } from './0016-product-images.ts';
import { migration as m0017 } from './0017-lac-view-only.ts';
import { migration as m0018 } from './0018-tax.ts';
import { migration as m0019 } from './0019-store-view-catalog-text.ts';
import { migration as m0020 } from './0020-lac-help-codes.ts';
import { migration as m0021 } from './0021-lac-approvals-limits-notifications.ts';
import { migration as m0022 } from './0022-admin-step-up.ts';
import { migration as m0023 } from './0023-checkout-steps.ts';
import { migration as m0025 } from './0025-admin-quotes.ts';
import { migration as m0026 } from './0026-short-description-image-alt.ts';

/** Every migration, in order. Migrations are frozen once landed: change the schema with a new one. */
export const migrations: MigrationDef[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
  m0021,
  m0022,
  m0023,
  m0025,
  m0026,
];
