import type { RequestContext } from '../../../kernel/request-context.ts';
import { BarChart, HorizontalBarChart, type ChartPoint } from '../../../ui/chart.tsx';
import { count, dayLabel, money, type DashboardData } from './dashboard-data.ts';

/** A chart under its heading, or the empty-state sentence when every value is zero. */
function ChartSection(p: { id: string; title: string; empty: string; points: ChartPoint[]; chart: JSX.Element }): JSX.Element {
  return (
    <section class="dashboard-section dashboard-chart" data-section={p.id} aria-labelledby={`${p.id}-heading`}>
      <h2 id={`${p.id}-heading`} safe>
        {p.title}
      </h2>
      {p.points.some((pt) => pt.value > 0) ? (
        p.chart
      ) : (
        <p class="dashboard-empty" safe>
          {p.empty}
        </p>
      )}
    </section>
  );
}

/** The four charts of the Dashboard: orders and revenue per day, assisted sessions per day and per agent. */
export function dashboardCharts(rc: RequestContext, data: DashboardData): Record<'orders' | 'revenue' | 'assisted' | 'agents', JSX.Element> {
  const t = rc.t;
  const label = (day: string) => dayLabel(rc, day);
  const days = { days: data.days };
  const whole = (v: number) => (Number.isInteger(v) ? count(rc, v) : '');
  const common = { labelHeading: t('Day'), valueHeading: '' };

  const orders = data.sales.perDay.map((d) => ({ label: label(d.day), value: d.orders, text: count(rc, d.orders) }));
  const revenue = data.sales.perDay.map((d) => ({ label: label(d.day), value: d.sales, text: money(rc, d.sales) }));
  const assisted = data.assistedPerDay.map((d) => ({ label: label(d.day), value: d.sessions, text: count(rc, d.sessions) }));
  const agents = data.assistedPerAgent.map((a) => ({ label: a.name.trim() || a.username, value: a.sessions, text: count(rc, a.sessions) }));
  const sum = (pts: ChartPoint[]) => pts.reduce((s, pt) => s + pt.value, 0);

  return {
    orders: ChartSection({
      id: 'orders-per-day',
      title: t('Orders per Day'),
      empty: t('No orders in the last {days} days.', days),
      points: orders,
      chart: BarChart({
        ...common,
        id: 'chart-orders',
        title: t('Orders per day, last {days} days', days),
        description: t('{total} orders in the last {days} days.', { total: count(rc, sum(orders)), ...days }),
        valueHeading: t('Orders'),
        points: orders,
        axisText: whole,
      }),
    }),
    revenue: ChartSection({
      id: 'revenue-per-day',
      title: t('Revenue per Day'),
      empty: t('No revenue in the last {days} days.', days),
      points: revenue,
      chart: BarChart({
        ...common,
        id: 'chart-revenue',
        title: t('Revenue per day, last {days} days', days),
        description: t('{total} revenue in the last {days} days.', { total: money(rc, sum(revenue)), ...days }),
        valueHeading: t('Revenue'),
        points: revenue,
        axisText: (v) => money(rc, Math.round(v)),
      }),
    }),
    assisted: ChartSection({
      id: 'assisted-per-day',
      title: t('Assisted Sessions per Day'),
      empty: t('No Login as Customer sessions in the last {days} days.', days),
      points: assisted,
      chart: BarChart({
        ...common,
        id: 'chart-assisted',
        title: t('Login as Customer sessions per day, last {days} days', days),
        description: t('{total} assisted sessions in the last {days} days.', { total: count(rc, sum(assisted)), ...days }),
        valueHeading: t('Sessions'),
        points: assisted,
        axisText: whole,
      }),
    }),
    agents: ChartSection({
      id: 'assisted-per-agent',
      title: t('Assisted Sessions per Agent'),
      empty: t('No Login as Customer sessions in the last {days} days.', days),
      points: agents,
      chart: HorizontalBarChart({
        id: 'chart-agents',
        title: t('Login as Customer sessions per admin user, last {days} days', days),
        description: t('{agents} admin users assisted customers in the last {days} days.', { agents: count(rc, agents.length), ...days }),
        labelHeading: t('Admin User'),
        valueHeading: t('Sessions'),
        points: agents,
        axisText: whole,
      }),
    }),
  };
}
