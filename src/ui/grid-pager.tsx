import { COUNT_CAP, MAX_OFFSET_ROWS, PAGE_SIZES, pageSizeOf } from '../db/keyset.ts';
import type { RequestContext } from '../kernel/request-context.ts';
import { withQuery } from './grid-url.ts';

/** A link in the page-number row, or a gap ("…") between them. */
export type PageLink = { n: number; url: string; current: boolean } | { gap: true };

export interface GridPager {
  /** e.g. "143 records found". */
  summary?: string;
  prevUrl?: string;
  nextUrl?: string;
  firstUrl?: string;
  pages?: PageLink[];
  /** The per-page choice: the current size and a link for each size. */
  perPage?: { current: number; links: { n: number; url: string }[] };
}

const pageQuery = (n: number) => (n > 1 ? String(n) : undefined);

/** Page numbers around `current` (1, …, current ± 2, …, last); with no current page, the first few and the last. */
export function pageWindow(current: number | undefined, last: number): number[] {
  const around = current ?? 1;
  const set = new Set<number>([1, last]);
  for (let n = Math.max(1, around - 2); n <= Math.min(last, around + (current === undefined ? 4 : 2)); n++) set.add(n);
  return [...set].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
}

function summaryOf(rc: RequestContext, total: number | undefined, shown: number) {
  if (total === undefined) return rc.t('{count} records on this page', { count: shown });
  if (total > COUNT_CAP) return rc.t('More than {count} records found', { count: COUNT_CAP.toLocaleString('en-US') });
  return rc.t('{count} records found', { count: total });
}

/**
 * The pager of a grid: the record count, the per-page choice, page numbers for the first pages and Previous /
 * Next. A page read by number (`page.page`) links its neighbours by number; beyond the numbered pages (or on a
 * page reached by cursor) Previous / Next follow the keyset cursor (`prevBefore` / `nextAfter`).
 */
export function keysetPager(
  rc: RequestContext,
  base: string,
  q: Record<string, string | undefined>,
  total: number | undefined,
  page: { prevBefore?: number; nextAfter?: number; page?: number },
  shown = 0,
): GridPager {
  const limit = pageSizeOf(q);
  const keep = { ...q, after: undefined, before: undefined, page: undefined, columns: undefined };
  const numbered = Math.ceil(MAX_OFFSET_ROWS / limit);
  const last = total === undefined ? undefined : Math.max(1, Math.min(Math.ceil(total / limit), numbered));
  const current = page.page;
  const link = (n: number) => withQuery(base, keep, { page: pageQuery(n) });
  const prevUrl =
    current !== undefined
      ? current > 1
        ? link(current - 1)
        : undefined
      : page.prevBefore !== undefined
        ? withQuery(base, keep, { before: String(page.prevBefore) })
        : undefined;
  const nextByNumber = current !== undefined && last !== undefined && current + 1 <= last;
  const nextUrl = page.nextAfter === undefined ? undefined : nextByNumber ? link(current + 1) : withQuery(base, keep, { after: String(page.nextAfter) });
  return {
    summary: summaryOf(rc, total, shown),
    firstUrl: prevUrl ? withQuery(base, keep) : undefined,
    prevUrl,
    nextUrl,
    pages: last !== undefined && last > 1 ? withGaps(pageWindow(current, last), current, link) : undefined,
    perPage: perPageLinks(base, keep, limit),
  };
}

/** The pager of a short list paged in memory (users, roles, stores): every page has a number. */
export function listPager(rc: RequestContext, base: string, q: Record<string, string | undefined>, total: number): GridPager {
  const limit = pageSizeOf(q);
  const last = Math.max(1, Math.ceil(total / limit));
  const current = listPage(q, total);
  const keep = { ...q, page: undefined, columns: undefined };
  const link = (n: number) => withQuery(base, keep, { page: pageQuery(n) });
  const prevUrl = current > 1 ? link(current - 1) : undefined;
  return {
    summary: summaryOf(rc, total, 0),
    firstUrl: prevUrl ? withQuery(base, keep) : undefined,
    prevUrl,
    nextUrl: current < last ? link(current + 1) : undefined,
    pages: last > 1 ? withGaps(pageWindow(current, last), current, link) : undefined,
    perPage: perPageLinks(base, keep, limit),
  };
}

/** The page number of an in-memory list from `?page=` (clamped to the pages there are). */
export function listPage(q: Record<string, string | undefined>, total: number): number {
  const last = Math.max(1, Math.ceil(total / pageSizeOf(q)));
  const n = /^\d{1,6}$/.test(q.page ?? '') ? Number(q.page) : 1;
  return Math.min(Math.max(1, n), last);
}

/** The rows of the current page of an in-memory list. */
export function listSlice<T>(rows: T[], q: Record<string, string | undefined>): T[] {
  const limit = pageSizeOf(q);
  const page = listPage(q, rows.length);
  return rows.slice((page - 1) * limit, page * limit);
}

function withGaps(numbers: number[], current: number | undefined, link: (n: number) => string): PageLink[] {
  const out: PageLink[] = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1]! > 1) out.push({ gap: true });
    out.push({ n, url: link(n), current: n === current });
  });
  return out;
}

function perPageLinks(base: string, keep: Record<string, string | undefined>, limit: number): GridPager['perPage'] {
  return { current: limit, links: PAGE_SIZES.map((n) => ({ n, url: withQuery(base, keep, { limit: n === PAGE_SIZES[0] ? undefined : String(n) }) })) };
}

/** The pager's markup: count, per page, Previous, page numbers, Next. */
// Long by design: the pager's markup left to right.
export function Pager({ rc, pager }: { rc: RequestContext; pager: GridPager }) {
  const t = rc.t;
  return (
    <div class="pager">
      {pager.summary ? (
        <span class="pager-summary" safe>
          {pager.summary}
        </span>
      ) : (
        ''
      )}
      {pager.perPage ? (
        <fieldset class="pager-limit">
          <legend safe>{t('Per page')}</legend>
          {pager.perPage.links.map((l) =>
            l.n === pager.perPage!.current ? (
              <a href={l.url} aria-current="true" class="current" aria-label={t('{count} per page', { count: l.n })} safe>
                {String(l.n)}
              </a>
            ) : (
              <a href={l.url} aria-label={t('{count} per page', { count: l.n })} safe>
                {String(l.n)}
              </a>
            ),
          )}
        </fieldset>
      ) : (
        ''
      )}
      <nav class="pager-pages" aria-label={t('Pagination')}>
        {pager.firstUrl ? (
          <a class="pager-first" href={pager.firstUrl} safe>
            {t('First')}
          </a>
        ) : (
          ''
        )}
        {pager.prevUrl ? (
          <a class="pager-prev" rel="prev" href={pager.prevUrl} safe>
            {t('Previous')}
          </a>
        ) : (
          <span class="pager-disabled" aria-disabled="true" safe>
            {t('Previous')}
          </span>
        )}
        {(pager.pages ?? []).map((p) =>
          'gap' in p ? (
            <span class="pager-gap" aria-hidden="true">
              …
            </span>
          ) : p.current ? (
            <a class="pager-page current" href={p.url} aria-current="page" aria-label={t('Page {n}', { n: p.n })} safe>
              {String(p.n)}
            </a>
          ) : (
            <a class="pager-page" href={p.url} aria-label={t('Page {n}', { n: p.n })} safe>
              {String(p.n)}
            </a>
          ),
        )}
        {pager.nextUrl ? (
          <a class="pager-next" rel="next" href={pager.nextUrl} safe>
            {t('Next')}
          </a>
        ) : (
          <span class="pager-disabled" aria-disabled="true" safe>
            {t('Next')}
          </span>
        )}
      </nav>
    </div>
  );
}
