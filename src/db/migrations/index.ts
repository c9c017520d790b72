import type { MigrationDef } from '../helpers.ts';
import { migration as m0001 } from './0001-foundation.ts';
import { migration as m0002 } from './0002-store.ts';
import { migration as m0003 } from './0003-login-as-customer.ts';
import { migration as m0004 } from './0004-transparency.ts';
import { migration as m0005 } from './0005-scale-indexes.ts';
import { migration as m0006 } from './0006-grid-order-indexes.ts';
import { migration as m0007 } from './0007-customer-lockout.ts';
import { migration as m0013 } from './0013-admin-grid-preferences.ts';

/** Every migration, in order. Migrations are frozen once landed: change the schema with a new one. */
export const migrations: MigrationDef[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0013];
