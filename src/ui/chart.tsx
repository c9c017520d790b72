/**
 * Small charts drawn on the server as inline SVG (no script, no library): bars with axis labels, a <title> and
 * <desc> for the picture, and a visually hidden table with every value, so the figures are there without
 * JavaScript and for screen readers. Presentation attributes only (the CSP forbids inline styles).
 */

export interface ChartPoint {
  /** The category: a day, an agent's name. */
  label: string;
  value: number;
  /** The value as people read it (formatted money, a count). */
  text: string;
}

export interface ChartProps {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
  points: ChartPoint[];
  /** Column headings of the data table. */
  labelHeading: string;
  valueHeading: string;
  /** How an axis value is written (money, a count). */
  axisText: (value: number) => string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A round upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten, at least the largest value. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= max)!;
  return step * power;
}

function DataTable(p: ChartProps) {
  return (
    <table class="visually-hidden" data-role="chart-data">
      <caption safe>{p.title}</caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {p.labelHeading}
          </th>
          <th scope="col" safe>
            {p.valueHeading}
          </th>
        </tr>
      </thead>
      <tbody>
        {p.points.map((pt) => (
          <tr>
            <th scope="row" safe>
              {pt.label}
            </th>
            <td safe>{pt.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Frame(p: ChartProps & { width: number; height: number; children: JSX.Element }) {
  const { children } = p;
  return (
    <figure class="chart" data-chart={p.id}>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${p.width} ${p.height}`}
        class="chart-svg"
        role="img"
        aria-labelledby={`${p.id}-title ${p.id}-desc`}
        focusable="false"
      >
        <title id={`${p.id}-title`} safe>
          {p.title}
        </title>
        <desc id={`${p.id}-desc`} safe>
          {p.description}
        </desc>
        {children}
      </svg>
      <DataTable {...p} />
    </figure>
  );
}

/**
 * Vertical bars over a category axis (days): a bar per point, the axis labelled every `ceil(points / 8)` points
 * counted back from the last (today is always named), and three value ticks (0, half, top).
 */
export function BarChart(p: ChartProps): JSX.Element {
  const width = 640;
  const height = 240;
  const left = 64;
  const bottom = 32;
  const top = 12;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...p.points.map((pt) => pt.value)));
  const band = plotW / Math.max(1, p.points.length);
  const every = Math.max(1, Math.ceil(p.points.length / 8));
  const y = (v: number) => round(top + plotH - (v / max) * plotH);
  return (
    <Frame {...p} width={width} height={height}>
      <g class="chart-plot">
        <g class="chart-axis">
          {[0, max / 2, max].map((v) => (
            <>
              <line x1={left} x2={width - 8} y1={y(v)} y2={y(v)} stroke="#e3e3e3" />
              <text x={left - 6} y={y(v) + 4} text-anchor="end" font-size="12" fill="#666" safe>
                {p.axisText(v)}
              </text>
            </>
          ))}
          <line x1={left} x2={left} y1={top} y2={top + plotH} stroke="#adadad" />
        </g>
        <g class="chart-bars">
          {p.points.map((pt, i) => {
            const h = round((pt.value / max) * plotH);
            return (
              <rect class="chart-bar" x={round(left + i * band + band * 0.15)} y={round(top + plotH - h)} width={round(band * 0.7)} height={h} fill="#eb5202">
                <title safe>{`${pt.label}: ${pt.text}`}</title>
              </rect>
            );
          })}
        </g>
        <g class="chart-labels">
          {p.points.map((pt, i) =>
            (p.points.length - 1 - i) % every === 0 ? (
              <text x={round(left + i * band + band / 2)} y={height - 10} text-anchor="middle" font-size="12" fill="#666" safe>
                {pt.label}
              </text>
            ) : (
              ''
            ),
          )}
        </g>
      </g>
    </Frame>
  );
}

/** Horizontal bars, one row per point with its label and value (agents and their session counts). */
export function HorizontalBarChart(p: ChartProps): JSX.Element {
  const width = 640;
  const row = 28;
  const left = 180;
  const right = 80;
  const height = Math.max(1, p.points.length) * row + 8;
  const max = Math.max(1, ...p.points.map((pt) => pt.value));
  const plotW = width - left - right;
  return (
    <Frame {...p} width={width} height={height}>
      <g class="chart-plot">
        <line x1={left} x2={left} y1={4} y2={height - 4} stroke="#adadad" />
        {p.points.map((pt, i) => {
          const w = round((pt.value / max) * plotW);
          const y = 4 + i * row;
          return (
            <g>
              <text x={left - 8} y={y + row / 2 + 4} text-anchor="end" font-size="12" fill="#303030" safe>
                {pt.label.length > 26 ? `${pt.label.slice(0, 25)}…` : pt.label}
              </text>
              <rect class="chart-bar" x={left} y={y + 5} width={w} height={row - 10} fill="#006bb4">
                <title safe>{`${pt.label}: ${pt.text}`}</title>
              </rect>
              <text x={left + w + 6} y={y + row / 2 + 4} font-size="12" fill="#303030" safe>
                {pt.text}
              </text>
            </g>
          );
        })}
      </g>
    </Frame>
  );
}
