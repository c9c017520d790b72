import { can, type RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { SALES_ACL } from '../../sales/index.ts';
import { dashboardCharts } from './dashboard-charts.tsx';
import { count, money, type DashboardData, type SalesFigures } from './dashboard-data.ts';

export type { DashboardData };

const ORDER_VIEW = '/admin/sales/orders';
const CUSTOMER_EDIT = (id: number) => `/admin/customers/${id}/edit`;
const CUSTOMERS_RESOURCE = 'customers.all';

/** The Scope select as a GET form: All Store Views, then each website's store views. */
function ScopeForm({ rc, data }: { rc: RequestContext; data: DashboardData }) {
  const websites = [...new Set(data.views.map((v) => v.websiteName))];
  return (
    <form method="get" action="/admin/dashboard" class="dashboard-scope" data-role="dashboard-scope">
      <label for="dashboard-store" safe>
        {rc.t('Scope:')}
      </label>
      <select id="dashboard-store" name="store">
        <option value="" selected={data.storeViewId === undefined} safe>
          {rc.t('All Store Views')}
        </option>
        {websites.map((w) => (
          <optgroup label={w}>
            {data.views
              .filter((v) => v.websiteName === w)
              .map((v) => (
                <option value={String(v.id)} selected={data.storeViewId === v.id} safe>
                  {v.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <button type="submit" safe>
        {rc.t('Apply')}
      </button>
    </form>
  );
}

function Totals({ rc, sales }: { rc: RequestContext; sales: SalesFigures }) {
  const figure = (id: string, label: string, value: string) => (
    <div class="dashboard-figure" data-figure={id}>
      <dt safe>{label}</dt>
      <dd safe>{value}</dd>
    </div>
  );
  return (
    <dl class="dashboard-totals">
      {figure('lifetime-sales', rc.t('Lifetime Sales'), money(rc, sales.lifetimeSales))}
      {figure('average-order', rc.t('Average Order'), money(rc, sales.averageOrder))}
      {figure('orders', rc.t('Number of Orders'), count(rc, sales.orderCount))}
    </dl>
  );
}

/** A titled table, or its empty-state sentence when there are no rows. */
function Section(p: { id: string; title: string; empty: string; headings: string[]; rows: JSX.Element[] }) {
  const { rows } = p;
  return (
    <section class="dashboard-section" data-section={p.id} aria-labelledby={`${p.id}-heading`}>
      <h2 id={`${p.id}-heading`} safe>
        {p.title}
      </h2>
      {p.rows.length ? (
        <div class="dashboard-table">
          <table class="data-grid">
            <thead>
              <tr>
                {p.headings.map((h) => (
                  <th scope="col" safe>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </div>
      ) : (
        <p class="dashboard-empty" safe>
          {p.empty}
        </p>
      )}
    </section>
  );
}

function LastOrders({ rc, sales }: { rc: RequestContext; sales: SalesFigures }) {
  const t = rc.t;
  const linked = can(rc, SALES_ACL.view);
  const rows = sales.lastOrders.map((o) => {
    const name = o.customer_id === null ? t('Guest') : `${o.customer_firstname} ${o.customer_lastname}`;
    return (
      <tr data-order={o.increment_id}>
        <td>
          {linked ? (
            <a href={`${ORDER_VIEW}/${o.id}`} safe>
              {o.increment_id}
            </a>
          ) : (
            <span safe>{o.increment_id}</span>
          )}
        </td>
        <td safe>{name}</td>
        <td safe>{count(rc, o.items)}</td>
        <td safe>{money(rc, o.grand_total)}</td>
      </tr>
    );
  });
  return (
    <Section
      id="last-orders"
      title={t('Last Orders')}
      empty={t('No orders yet.')}
      headings={[t('Order #'), t('Customer'), t('Items'), t('Total')]}
      rows={rows}
    />
  );
}

function Bestsellers({ rc, sales }: { rc: RequestContext; sales: SalesFigures }) {
  const t = rc.t;
  const rows = sales.bestsellers.map((b) => (
    <tr data-sku={b.sku}>
      <td safe>{b.name}</td>
      <td safe>{b.sku}</td>
      <td safe>{money(rc, b.price)}</td>
      <td safe>{count(rc, b.qty)}</td>
    </tr>
  ));
  return (
    <Section
      id="bestsellers"
      title={t('Bestsellers')}
      empty={t('No products sold yet.')}
      headings={[t('Product'), t('SKU'), t('Price'), t('Quantity')]}
      rows={rows}
    />
  );
}

function NewCustomers({ rc, data }: { rc: RequestContext; data: DashboardData }) {
  const t = rc.t;
  const linked = can(rc, CUSTOMERS_RESOURCE);
  const rows = data.customers.map((c) => {
    const name = `${c.firstname} ${c.lastname}`;
    const totals = data.customerTotals.get(c.id) ?? { orders: 0, sales: 0 };
    return (
      <tr data-customer={String(c.id)}>
        <td>
          {linked ? (
            <a href={CUSTOMER_EDIT(c.id)} safe>
              {name}
            </a>
          ) : (
            <span safe>{name}</span>
          )}
        </td>
        <td safe>{c.email}</td>
        <td safe>{count(rc, totals.orders)}</td>
        <td safe>{money(rc, totals.orders ? Math.round(totals.sales / totals.orders) : 0)}</td>
        <td safe>{money(rc, totals.sales)}</td>
      </tr>
    );
  });
  return (
    <Section
      id="new-customers"
      title={t('New Customers')}
      empty={t('No customers yet.')}
      headings={[t('Customer'), t('Email'), t('Orders'), t('Average'), t('Total')]}
      rows={rows}
    />
  );
}

export function dashboardPage(rc: RequestContext, data: DashboardData) {
  const t = rc.t;
  const { orders, revenue, assisted, agents } = dashboardCharts(rc, data);
  return adminPage(rc, {
    title: t('Dashboard'),
    active: 'dashboard',
    content: (
      <div class="dashboard">
        <ScopeForm rc={rc} data={data} />
        {data.problems.length ? (
          <div class="messages" role="alert">
            {data.problems.map((m) => (
              <div class="message message-error" safe>
                {m}
              </div>
            ))}
          </div>
        ) : (
          ''
        )}
        <Totals rc={rc} sales={data.sales} />
        <div class="dashboard-grid">
          {orders}
          {revenue}
        </div>
        <div class="dashboard-grid">
          <LastOrders rc={rc} sales={data.sales} />
          <Bestsellers rc={rc} sales={data.sales} />
        </div>
        <NewCustomers rc={rc} data={data} />
        <div class="dashboard-grid">
          {assisted}
          {agents}
        </div>
      </div>
    ),
  });
}
