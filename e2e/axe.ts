import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Impacts axe reports, worst first. */
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
type Impact = (typeof IMPACTS)[number];

export interface AxeRecord {
  page: string;
  /** Violated rules per impact. */
  counts: Record<Impact, number>;
  /** The serious and critical ones, described for the failure message. */
  blocking: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules) on the page as it is now and returns its violations by impact. Any journey
 * can call it after reaching a page; `expectNoBlocking` then fails on serious or critical ones.
 */
export async function axeCheck(page: Page, label: string): Promise<AxeRecord> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const blocking: string[] = [];
  for (const v of results.violations) {
    const impact = (v.impact ?? 'minor') as Impact;
    counts[impact] += 1;
    if (impact === 'critical' || impact === 'serious')
      blocking.push(
        `${label}: [${impact}] ${v.id} — ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')})`,
      );
  }
  return { page: label, counts, blocking };
}

/** A plain-text table of pages and their violation counts, all impacts. */
export function axeTable(records: AxeRecord[]): string {
  const width = Math.max(4, ...records.map((r) => r.page.length));
  const head = `${'Page'.padEnd(width)}  ${IMPACTS.map((i) => i.padStart(8)).join('  ')}`;
  const rows = records.map((r) => `${r.page.padEnd(width)}  ${IMPACTS.map((i) => String(r.counts[i]).padStart(8)).join('  ')}`);
  const total = `${'TOTAL'.padEnd(width)}  ${IMPACTS.map((i) => String(records.reduce((n, r) => n + r.counts[i], 0)).padStart(8)).join('  ')}`;
  return [head, '-'.repeat(head.length), ...rows, '-'.repeat(head.length), total].join('\n');
}

/** Prints the table and fails listing every serious or critical violation. */
export function expectNoBlocking(title: string, records: AxeRecord[]) {
  console.log(`\n${title}\n${axeTable(records)}\n`);
  expect(records.flatMap((r) => r.blocking)).toEqual([]);
}
