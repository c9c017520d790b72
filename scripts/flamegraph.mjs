// Turns a V8 .cpuprofile (node --cpu-prof, or bench/profile-category.mjs) into an SVG icicle graph: the root at
// the top, each frame as wide as the samples under it, coloured by where the code lives. No dependencies.
// Usage: node scripts/flamegraph.mjs <in.cpuprofile> <out.svg> [title]
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const [input, output, title = 'CPU profile'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/flamegraph.mjs <in.cpuprofile> <out.svg> [title]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const profile = JSON.parse(readFileSync(input, 'utf8'));

const WIDTH = 1400;
const ROW = 17;
const MIN_PX = 0.4;

// Self time per node id: each sample's interval goes to the frame it landed in.
const self = new Map();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
});
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

const place = (cf) => {
  if (!cf.url) return '';
  const path = cf.url.startsWith('file://') ? relative(root, new URL(cf.url).pathname) : cf.url;
  return `${path.replace(/^node_modules\//, '')}:${cf.lineNumber + 1}`;
};
const label = (cf) => `${cf.functionName || '(anonymous)'} ${place(cf)}`.trim();

/** The call tree with children of the same frame merged (V8 keeps one node per call site). */
function build(node) {
  const children = new Map();
  let total = self.get(node.id) ?? 0;
  for (const childId of node.children ?? []) {
    const child = build(byId.get(childId));
    if (!child.total) continue;
    const key = child.name;
    const same = children.get(key);
    if (same) merge(same, child);
    else children.set(key, child);
    total += child.total;
  }
  return { name: label(node.callFrame), url: node.callFrame.url, total, children: [...children.values()] };
}
function merge(into, from) {
  into.total += from.total;
  for (const c of from.children) {
    const same = into.children.find((x) => x.name === c.name);
    if (same) merge(same, c);
    else into.children.push(c);
  }
}

/** Where a frame's code lives; a frame without a script (native code) belongs where its caller does. */
const area = (f, parentArea) => {
  const u = f.url ?? '';
  if (/^\((garbage collector|program|idle)\)/.test(f.name)) return 'GC / program / idle';
  if (!u) return parentArea ?? 'other packages';
  if (u.includes('better-sqlite3') || /\/bench\//.test(u)) return 'SQLite';
  if (u.includes('kysely')) return 'Kysely (building and compiling queries)';
  if (u.includes('@kitajs') || u.includes('/views/') || u.includes('/ui/')) return 'rendering (JSX)';
  if (/fastify|light-my-request|avvio|find-my-way|helmet/.test(u)) return 'Fastify and plugins';
  if (u.includes('/src/')) return 'project code';
  if (u.startsWith('node:')) return 'Node.js';
  return 'other packages';
};
const COLOURS = {
  SQLite: '#e8a33d',
  'Kysely (building and compiling queries)': '#f3d27a',
  'rendering (JSX)': '#7fb069',
  'Fastify and plugins': '#6c9bd2',
  'project code': '#d46a6a',
  'Node.js': '#b39ddb',
  'other packages': '#9fb4c7',
  'GC / program / idle': '#c8c8c8',
};
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const tree = build(profile.nodes[0]);
// Self time per area, for the printed breakdown.
const areas = new Map();
function tally(f, parentArea) {
  f.area = area(f, parentArea);
  const childTotal = f.children.reduce((a, c) => a + c.total, 0);
  areas.set(f.area, (areas.get(f.area) ?? 0) + f.total - childTotal);
  for (const c of f.children) tally(c, f.area);
}
tally(tree, undefined);
const scale = WIDTH / tree.total;
const rects = [];
let depth = 0;
function draw(f, x, d) {
  const w = f.total * scale;
  if (w < MIN_PX) return;
  depth = Math.max(depth, d);
  const pct = ((100 * f.total) / tree.total).toFixed(2);
  const ms = (f.total / 1000).toFixed(1);
  const y = 30 + d * ROW;
  const text = w > 40 ? esc(f.name.slice(0, Math.floor(w / 6.5))) : '';
  rects.push(
    `<g><title>${esc(f.name)} — ${ms} ms, ${pct}%</title><rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${ROW - 1}" fill="${COLOURS[f.area] ?? '#9fb4c7'}"/>` +
      (text ? `<text x="${(x + 3).toFixed(2)}" y="${y + 12}">${text}</text>` : '') +
      '</g>',
  );
  let cx = x;
  for (const c of [...f.children].sort((a, b) => b.total - a.total)) {
    draw(c, cx, d + 1);
    cx += c.total * scale;
  }
}
draw({ ...tree, area: 'GC / program / idle', name: `all (${(tree.total / 1000).toFixed(0)} ms sampled)` }, 0, 0);

const legend = Object.entries(COLOURS)
  .map(
    ([t, c], i) =>
      `<rect x="${10 + i * 172}" y="${40 + (depth + 1) * ROW}" width="12" height="12" fill="${c}"/><text x="${26 + i * 172}" y="${50 + (depth + 1) * ROW}">${t}</text>`,
  )
  .join('');
const height = 70 + (depth + 1) * ROW;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11">
<rect width="100%" height="100%" fill="#ffffff"/><text x="10" y="18" font-size="14">${esc(title)}</text>
${rects.join('\n')}
${legend}
</svg>
`;
writeFileSync(output, svg);
console.log(`${output}: ${rects.length} frames, ${(tree.total / 1000).toFixed(0)} ms sampled`);
const busy = [...areas].filter(([a]) => a !== 'GC / program / idle').reduce((n, [, t]) => n + t, 0);
for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1]))
  console.log(
    `${a.padEnd(42)} ${(t / 1000).toFixed(0).padStart(7)} ms  ${((100 * t) / tree.total).toFixed(1).padStart(5)}% of samples${a === 'GC / program / idle' ? '' : `, ${((100 * t) / busy).toFixed(1)}% of busy`}`,
  );
