// The import-boundary check (docs/decisions/010-import-boundaries.md): fails on any violation of
// .dependency-cruiser.cjs that is not in the known-violations list, and prints how many known ones remain.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const KNOWN = '.dependency-cruiser-known-violations.json';
const args = ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'];
if (existsSync(KNOWN)) args.push('--ignore-known', KNOWN);
const r = spawnSync('node_modules/.bin/depcruise', args, { stdio: 'inherit' });
if (existsSync(KNOWN)) {
  const known = JSON.parse(readFileSync(KNOWN, 'utf8'));
  const byRule = {};
  for (const v of known) byRule[v.rule.name] = (byRule[v.rule.name] ?? 0) + 1;
  const summary = Object.entries(byRule)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  console.log(`Known violations still to remove: ${known.length}${summary ? ` (${summary})` : ''}`);
}
process.exit(r.status ?? 1);
