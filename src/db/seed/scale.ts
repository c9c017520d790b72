import type { AppContext } from '../../kernel/app-context.ts';
import { chainHash } from '../../modules/action-log/chain.ts';

/** A one-line progress bar on stderr ("customers [#####-----] 52% 52000/100000"). */
export function progress(label: string, total: number) {
  const width = 30;
  let last = -1;
  return (done: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last && done !== total) return;
    last = pct;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r${label.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

const GROUPS = ['customers', 'sales', 'catalog_products', 'login_as_customer', 'admin_permissions', 'system_config'];
const ACTIONS = ['Save', 'Delete', 'Login', 'View', 'Invoice', 'Ship'];

/**
 * Data for measuring at scale: `logRows` chained action-log entries and `customers` customer accounts, written in
 * batches through the repositories' tables (bypassing per-row services, which would take hours).
 */
export async function seedScale(app: AppContext, o: { logRows: number; customers: number; batch?: number }) {
  const db = app.db;
  const batch = o.batch ?? 500;
  const started = Date.now();

  const websites = (await db.selectFrom('store_views').select(['website_id', 'id']).orderBy('id').execute()).filter(
    (v, i, all) => all.findIndex((x) => x.website_id === v.website_id) === i,
  );
  const bar1 = progress('customers', o.customers);
  const existingCustomers = Number(
    (
      await db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  for (let done = 0; done < o.customers; ) {
    const n = Math.min(batch, o.customers - done);
    const stamp = new Date(Date.UTC(2024, 0, 1) + (existingCustomers + done) * 60_000).toISOString();
    const rows = Array.from({ length: n }, (_, i) => {
      const k = existingCustomers + done + i;
      return {
        website_id: websites[k % 4 === 3 ? websites.length - 1 : 0]!.website_id,
        store_view_id: websites[k % 4 === 3 ? websites.length - 1 : 0]!.id,
        group_id: 1 + (k % 3),
        email: `scale.customer.${k}@example.com`,
        firstname: `First${k % 997}`,
        lastname: `Last${k}`,
        password_hash: null,
        is_active: 1,
        assistance_allowed: k % 5 === 0 ? 1 : 0,
        default_billing_id: null,
        default_shipping_id: null,
        created_at: stamp,
        updated_at: stamp,
        updated_by_admin_id: null,
      };
    });
    await db.insertInto('customers').values(rows).execute();
    done += n;
    bar1(done);
  }

  const bar2 = progress('action log', o.logRows);
  let head = await db.selectFrom('log_chain').selectAll().where('name', '=', 'action_log').executeTakeFirstOrThrow();
  let prev = head.last_hash;
  for (let done = 0; done < o.logRows; ) {
    const n = Math.min(batch, o.logRows - done);
    const rows = Array.from({ length: n }, (_, i) => {
      const k = done + i;
      const fields = {
        created_at: new Date(Date.UTC(2025, 0, 1) + k * 20_000).toISOString(),
        action_group: GROUPS[k % GROUPS.length]!,
        action: ACTIONS[k % ACTIONS.length]!,
        ip: `10.0.${(k >> 8) & 255}.${k & 255}`,
        admin_id: 1,
        username: `staff${k % 50}`,
        result: k % 17 === 0 ? 'Failure' : 'Success',
        full_action_name: 'bench_scale',
        details: `Scale entry ${k}`,
        full_details: '{}',
      };
      const hash = chainHash(prev, fields);
      const row = { ...fields, prev_hash: prev, hash };
      prev = hash;
      return row;
    });
    const inserted = await db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('action_log').values(rows).returning('id').execute();
      const lastId = ids.at(-1)!.id;
      await trx.updateTable('log_chain').set({ last_id: lastId, last_hash: prev }).where('name', '=', 'action_log').execute();
      return ids.length;
    });
    done += inserted;
    bar2(done);
  }
  head = await db.selectFrom('log_chain').selectAll().where('name', '=', 'action_log').executeTakeFirstOrThrow();
  return { seconds: (Date.now() - started) / 1000, lastLogId: head.last_id };
}
