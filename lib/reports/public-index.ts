import { Client } from "pg";

/**
 * Which public report addresses exist, so that proxy.ts can answer 404 for any other address under
 * /reports/<department>/<quarter>… before Next renders it. Those pages are force-static: Next would
 * otherwise render and keep a cached copy (seven files on disk) of the "not found" page for every
 * address anyone invents, and anyone could fill the disk that way.
 *
 * The index is one small query (published report × latest revision), kept for a few seconds on
 * globalThis (shared by the proxy and the publish action, which drops it so a new revision is known
 * at once). When the database cannot be read, the proxy lets requests through: cached reports keep
 * being served during an outage.
 */
export interface PublishedIndex {
  /** "coo/2026-q3" → latest revision number. */
  reports: Map<string, number>;
  /** Quarters with at least one published department report: the cross-government report exists. */
  quarters: Set<string>;
}

export const GOVERNMENT_SLUG = "government";

const PATH = /^\/reports\/([^/]+)\/(\d{4}-q[1-4])(?:\/revisions\/(\d{1,6}))?(?:\/data\.(?:csv|json))?\/?$/;

/** True when `pathname` is the address of a published report, one of its revisions, or their downloads. */
export function isPublishedReportPath(pathname: string, index: PublishedIndex): boolean {
  const m = PATH.exec(pathname);
  if (!m) return false;
  const [, department, quarter, revision] = m;
  if (department === GOVERNMENT_SLUG) return revision === undefined && index.quarters.has(quarter!);
  const latest = index.reports.get(`${department}/${quarter}`);
  if (latest === undefined) return false;
  return revision === undefined || (Number(revision) >= 1 && Number(revision) <= latest);
}

export function buildPublishedIndex(rows: { slug: string; year: number; quarter: number; latest: number }[]): PublishedIndex {
  const index: PublishedIndex = { reports: new Map(), quarters: new Set() };
  for (const r of rows) {
    const quarter = `${r.year}-q${r.quarter}`;
    index.reports.set(`${r.slug}/${quarter}`, r.latest);
    index.quarters.add(quarter);
  }
  return index;
}

interface IndexState {
  index: PublishedIndex | null;
  loadedAt: number;
  failedAt: number;
  loading: Promise<PublishedIndex | null> | null;
}

const KEY = Symbol.for("baseline.publishedReportIndex");
const FRESH_MS = 10_000;
const RETRY_AFTER_FAILURE_MS = 2_000;

function state(): IndexState {
  const g = globalThis as unknown as Record<symbol, IndexState | undefined>;
  return (g[KEY] ??= { index: null, loadedAt: Number.NEGATIVE_INFINITY, failedAt: Number.NEGATIVE_INFINITY, loading: null });
}

async function readIndex(connectionString: string): Promise<PublishedIndex> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ slug: string; year: number; quarter: number; latest: number }>(`
      select d.slug, r.year, r.quarter, max(rr.revision)::int as latest
      from report_revisions rr
      join reports r on r.id = rr.report_id
      join org_units d on d.id = r.department_id and d.kind = 'department'
      group by d.slug, r.year, r.quarter`);
    return buildPublishedIndex(rows);
  } finally {
    void client.end().catch(() => undefined);
  }
}

/**
 * The index, at most a few seconds old; null when it cannot be read (no database address, or the
 * database is down and nothing was loaded before). One load at a time; `read` is injectable for tests.
 */
export async function publishedIndex(
  connectionString: string | undefined,
  read: (url: string) => Promise<PublishedIndex> = readIndex,
  now = Date.now(),
): Promise<PublishedIndex | null> {
  const s = state();
  if (s.index && now - s.loadedAt < FRESH_MS) return s.index;
  if (!connectionString || now - s.failedAt < RETRY_AFTER_FAILURE_MS) return s.index;
  s.loading ??= read(connectionString)
    .then((index) => {
      s.index = index;
      s.loadedAt = now;
      return index;
    })
    .catch(() => {
      s.failedAt = now;
      return s.index; // the last known index, if any, while the database is away
    })
    .finally(() => {
      s.loading = null;
    });
  return s.loading;
}

/** Called after a revision is published: the next request reads the index again. */
export function invalidatePublishedIndex(): void {
  state().loadedAt = Number.NEGATIVE_INFINITY;
}

/** Tests only. */
export function resetPublishedIndex(): void {
  const s = state();
  s.index = null;
  s.loadedAt = Number.NEGATIVE_INFINITY;
  s.failedAt = Number.NEGATIVE_INFINITY;
  s.loading = null;
}
