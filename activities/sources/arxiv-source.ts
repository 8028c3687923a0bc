/**
 * Source adapter for the arXiv API
 * (https://info.arxiv.org/help/api/user-manual.html). arXiv asks clients
 * to wait three seconds between requests and to make one at a time
 * (https://info.arxiv.org/help/api/tou.html), so every request of one
 * instance goes through a shared spacer: give the activities factory one
 * instance and parallel searches queue politely behind each other.
 */
import type { Paper, RankedPaper, Source } from '../model';
import { EnvironmentError, ValidationError } from '../../common/errors';
import { AtomParseError, parseArxivAtom, type ArxivEntry, type ArxivFeed } from './arxiv-atom-parser';
import { fetchText, HttpTransportError, type HttpTextResponse } from '../providers/fetch-text';
import { parseRetryAfter } from '../providers/retry-after';
import { isArxivId, isDoi, isReferenceUrl } from './reference-fields';

/** Public arXiv API host; `export.` is the mirror arXiv designates for programmatic access. */
export const ARXIV_DEFAULT_BASE_URL = 'https://export.arxiv.org';
/** arXiv's terms of use: no more than one request every three seconds. */
export const ARXIV_MIN_INTERVAL_MS = 3000;
/** arXiv caps one response at 2000 entries. */
export const ARXIV_MAX_PAGE_SIZE = 2000;

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_MAX_RESULTS = 200;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_USER_AGENT = 'synthledger/0.1.0 (audited research syntheses; arXiv API client)';
const ADAPTER_NAME = 'arxiv';

/** Stopwords dropped from query variants: under AND they would only exclude papers. */
const STOPWORDS = new Set(
  'a an and are as at be by does do for from how in into is it its of on or than that the their this to was were what when which while who why with'.split(' '),
);

/** Time as the rate limiter sees it; tests inject one that does not really wait. */
export interface ArxivClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Options of {@link ArxivSource}; every field has a polite default. */
export interface ArxivSourceOptions {
  /** API origin without path, default {@link ARXIV_DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** Entries requested per API call, 1…2000 (default 50). */
  pageSize?: number;
  /** Upper bound on results per search whatever `limit` asks (default 200). */
  maxResults?: number;
  /** Deadline per HTTP request in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Minimum spacing between request starts (default 3000, arXiv's terms). */
  minIntervalMs?: number;
  userAgent?: string;
  /** How query terms combine: `AND` (precise, default) or `OR` (broad; relevance sorting ranks fuller matches first). */
  termOperator?: 'AND' | 'OR';
  clock?: ArxivClock;
}

/** Real time: `Date.now` and a timer. */
export const systemClock: ArxivClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Spaces request starts at least `intervalMs` apart, also under concurrency:
 * each caller reserves the next free slot synchronously, then sleeps until it.
 */
export class MinIntervalLimiter {
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: ArxivClock = systemClock,
  ) {}

  /** Resolves when the caller may start its request. */
  async wait(): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.clock.sleep(slot - now);
  }
}

/** Turns a free-text query variant into arXiv's `search_query` syntax, e.g. `all:graph AND all:neural`. Throws when no searchable term remains. */
export function buildArxivSearchQuery(query: string, operator: 'AND' | 'OR' = 'AND'): string {
  // Letters and digits only: arXiv's Lucene syntax gives meaning to quotes, colons, brackets and
  // upper-case AND/OR/ANDNOT, and a query variant must never be able to inject operators.
  const tokens = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t, i, all) => all.indexOf(t) === i);
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  const terms = content.length > 0 ? content : tokens;
  if (terms.length === 0) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.query', 'no-search-terms', `query ${JSON.stringify(query.slice(0, 80))} has no letters or digits to search arXiv for`);
  }
  return terms.map((t) => `all:${t}`).join(` ${operator} `);
}

/** Searches arXiv; returns papers with id `arxiv:<id without version>` and reciprocal-rank scores. */
export class ArxivSource implements Source {
  /** Adapter name recorded in provenance. */
  readonly name = ADAPTER_NAME;
  readonly baseUrl: string;
  private readonly pageSize: number;
  private readonly maxResults: number;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly termOperator: 'AND' | 'OR';
  private readonly limiter: MinIntervalLimiter;

  /** Validates options; throws `CONFIG_INVALID` naming the bad option. */
  constructor(options: ArxivSourceOptions = {}) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? ARXIV_DEFAULT_BASE_URL);
    this.pageSize = integerOption('pageSize', options.pageSize ?? DEFAULT_PAGE_SIZE, 1, ARXIV_MAX_PAGE_SIZE);
    this.maxResults = integerOption('maxResults', options.maxResults ?? DEFAULT_MAX_RESULTS, 1, 30_000);
    this.timeoutMs = integerOption('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, 600_000);
    const interval = integerOption('minIntervalMs', options.minIntervalMs ?? ARXIV_MIN_INTERVAL_MS, 0, 600_000);
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.termOperator = options.termOperator ?? 'AND';
    this.limiter = new MinIntervalLimiter(interval, options.clock ?? systemClock);
  }

  /**
   * Returns up to `min(limit, maxResults)` papers, best first, paging through
   * the API. Scores are 1/rank because arXiv returns an order, not a score.
   */
  async search(query: string, limit: number): Promise<RankedPaper[]> {
    if (!Number.isInteger(limit) || limit < 0) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.limit', 'non-negative-integer', `limit must be a non-negative integer, got ${String(limit)}`);
    }
    const searchQuery = buildArxivSearchQuery(query, this.termOperator);
    const wanted = Math.min(limit, this.maxResults);
    const papers: Paper[] = [];
    const seen = new Set<string>();
    let start = 0;
    while (papers.length < wanted) {
      const size = Math.min(this.pageSize, wanted - start);
      if (size <= 0) break;
      const feed = await this.fetchPage(searchQuery, start, size);
      for (const entry of feed.entries) {
        const paper = toPaper(entry);
        // Pages of a relevance-sorted search can overlap when arXiv's index shifts between calls.
        if (seen.has(paper.id) || papers.length >= wanted) continue;
        seen.add(paper.id);
        papers.push(paper);
      }
      start += size;
      const lastPage = feed.entries.length < size || (feed.totalResults !== null && start >= feed.totalResults);
      if (lastPage) break;
    }
    return papers.map((paper, i) => ({ paper, query, rank: i + 1, score: 1 / (i + 1) }));
  }

  /** The URL of one result page (exposed for provenance and logs). */
  pageUrl(searchQuery: string, start: number, maxResults: number): string {
    const params = new URLSearchParams({ search_query: searchQuery, start: String(start), max_results: String(maxResults), sortBy: 'relevance', sortOrder: 'descending' });
    return `${this.baseUrl}/api/query?${params.toString()}`;
  }

  private async fetchPage(searchQuery: string, start: number, size: number): Promise<ArxivFeed> {
    const url = this.pageUrl(searchQuery, start, size);
    await this.limiter.wait();
    let res: HttpTextResponse;
    try {
      res = await fetchText(url, { headers: { 'User-Agent': this.userAgent, Accept: 'application/atom+xml' }, timeoutMs: this.timeoutMs });
    } catch (err) {
      if (!(err instanceof HttpTransportError)) throw err;
      const message =
        err.kind === 'timeout'
          ? `arXiv at ${this.baseUrl} did not answer within ${this.timeoutMs} ms (slow or offline? use --source corpus)`
          : `cannot reach arXiv at ${this.baseUrl}: ${err.reason} (offline? use --source corpus)`;
      throw new EnvironmentError('SOURCE_UNAVAILABLE', message, { cause: err, retryable: true, details: { url, reason: err.reason, kind: err.kind } });
    }
    if (res.status < 200 || res.status >= 300) throw this.statusError(url, res);
    let feed: ArxivFeed;
    try {
      feed = parseArxivAtom(res.text);
    } catch (err) {
      if (!(err instanceof AtomParseError)) throw err;
      throw new EnvironmentError('PROVIDER_RESPONSE_INVALID', `arXiv returned an unreadable Atom feed for ${url}: ${err.message}`, {
        cause: err,
        retryable: false,
        details: { url, status: res.status, bodyStart: res.text.slice(0, 200) },
      });
    }
    if (feed.apiError) {
      // arXiv answers a query it cannot run with HTTP 200 and an "Error" entry; repeating it cannot help.
      throw new EnvironmentError('PROVIDER_ERROR', `arXiv rejected the query ${JSON.stringify(searchQuery)}: ${feed.apiError.message}`, {
        retryable: false,
        details: { url, arxivErrorId: feed.apiError.id },
      });
    }
    return feed;
  }

  private statusError(url: string, res: HttpTextResponse): EnvironmentError {
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
    const details = { url, status: res.status, retryAfterSeconds, bodyStart: res.text.slice(0, 200) };
    const wait = retryAfterSeconds === null ? '' : ` (Retry-After: ${retryAfterSeconds} s)`;
    if (res.status === 429 || res.status === 408 || res.status >= 500) {
      return new EnvironmentError('SOURCE_UNAVAILABLE', `arXiv at ${this.baseUrl} answered HTTP ${res.status}${wait}; try again later`, { retryable: true, details });
    }
    // A 4xx other than 429 means our request is wrong; arXiv also penalizes repeated bad requests.
    const explanation = readErrorEntry(res.text);
    return new EnvironmentError('PROVIDER_ERROR', `arXiv at ${this.baseUrl} refused the request with HTTP ${res.status}${explanation ? `: ${explanation}` : ''}`, { retryable: false, details });
  }
}

function toPaper(entry: ArxivEntry): Paper {
  return {
    id: `arxiv:${entry.arxivId}`,
    title: entry.title,
    abstract: entry.summary,
    authors: entry.authors,
    year: entry.year,
    locator: entry.link,
    adapter: ADAPTER_NAME,
    license: entry.license,
    ...(isArxivId(entry.arxivId) ? { arxivId: entry.arxivId } : {}),
    ...(isDoi(entry.doi) ? { doi: entry.doi } : {}),
    ...(isReferenceUrl(entry.link) ? { url: entry.link } : {}),
  };
}

/** arXiv explains 400s with an Atom error entry; surface it when present. */
function readErrorEntry(body: string): string | null {
  try {
    return parseArxivAtom(body).apiError?.message ?? null;
  } catch {
    return null;
  }
}

function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvironmentError('CONFIG_INVALID', `arXiv base URL ${JSON.stringify(raw)} is not a URL`, { details: { option: 'baseUrl' } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnvironmentError('CONFIG_INVALID', `arXiv base URL ${JSON.stringify(raw)} must use http or https`, { details: { option: 'baseUrl' } });
  }
  return url.toString().replace(/\/+$/, '');
}

function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EnvironmentError('CONFIG_INVALID', `arXiv option ${name} must be an integer in ${min}…${max}, got ${String(value)}`, { details: { option: name } });
  }
  return value;
}
