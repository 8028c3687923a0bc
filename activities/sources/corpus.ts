/**
 * The bundled offline corpus (`data/corpus.json`, built from seeds/003 by
 * `scripts/build-corpus.ts`) and the {@link CorpusSource} adapter over it.
 *
 * The corpus file is treated as untrusted input: every record is validated
 * and each problem is reported with its JSON path, so a hand-edited corpus
 * fails loudly instead of silently changing ids that claims and provenance
 * records refer to.
 */
import { readFileSync } from 'node:fs';

import type { Paper, RankedPaper, Source } from '../model';
import { ValidationError, type ValidationIssue } from '../../common/errors';
import { packageFile } from '../../common/package-root';
import { sha256 } from '../../ledger/core/hash';
import { CORPUS_ADAPTER } from '../../schemas/source-provenance.schema';
import { Bm25Index } from '../stages/rank';
import { normalizeTitle } from '../stages/text';
import { isArxivId, isDoi, isReferenceUrl, MAX_REFERENCE_CHARS } from './reference-fields';

/** Adapter name recorded in provenance for corpus papers (defined with the provenance contract, which the verifiers read). */
export { CORPUS_ADAPTER };
/** Repository-relative path of the corpus, used in locators. */
export const CORPUS_RELATIVE_PATH = 'data/corpus.json';
/** Matches a corpus id: `corpus:` + 12 lowercase hex digits. */
export const CORPUS_ID_PATTERN = /^corpus:[0-9a-f]{12}$/;
/** Longest accepted title; bounds keep a corrupt file from exhausting memory downstream. */
export const MAX_TITLE_CHARS = 1000;
/** Longest accepted abstract. */
export const MAX_ABSTRACT_CHARS = 20000;
const MAX_REPORTED_ISSUES = 50;

/** One record of `data/corpus.json`: id, title and abstract always; the reference fields when the seed has them. */
export interface CorpusRecord {
  id: string;
  title: string;
  abstract: string;
  authors?: string[];
  year?: number;
  arxivId?: string;
  doi?: string;
  url?: string;
  projectUrl?: string;
}

/** The optional reference fields of a corpus record, each written only when the seed has it. */
export const CORPUS_REFERENCE_FIELDS = ['authors', 'year', 'arxivId', 'doi', 'url', 'projectUrl'] as const;
const MAX_AUTHORS = 1000;
const MAX_AUTHOR_CHARS = 500;

/** The corpus id of a title: `corpus:` + first 12 hex digits of sha256(normalizeTitle(title)). */
export function corpusIdForTitle(title: string): string {
  return 'corpus:' + sha256(normalizeTitle(title)).slice('sha256:'.length, 'sha256:'.length + 12);
}

/** The locator of a corpus paper: `data/corpus.json#<id>`. */
export function corpusLocator(id: string): string {
  return `${CORPUS_RELATIVE_PATH}#${id}`;
}

/** Turns a validated record into a {@link Paper}: authors, year and reference ids when the record has them (no licenses). */
export function corpusRecordToPaper(record: CorpusRecord): Paper {
  return {
    id: record.id,
    title: record.title,
    abstract: record.abstract,
    authors: record.authors ?? [],
    year: record.year ?? null,
    locator: corpusLocator(record.id),
    adapter: CORPUS_ADAPTER,
    license: null,
    ...(record.arxivId !== undefined ? { arxivId: record.arxivId } : {}),
    ...(record.doi !== undefined ? { doi: record.doi } : {}),
    ...(record.url !== undefined ? { url: record.url } : {}),
    ...(record.projectUrl !== undefined ? { projectUrl: record.projectUrl } : {}),
  };
}

/**
 * Validates parsed corpus JSON and returns its papers in file order. Throws
 * `ValidationError('INVALID_CORPUS')` listing every broken record
 * (`$[i].title`, `$[i].id`, …): missing or empty fields, unknown fields, a
 * malformed id, an id that does not match its title hash, duplicate ids.
 */
export function validateCorpus(data: unknown): Paper[] {
  if (!Array.isArray(data)) {
    throw ValidationError.single('INVALID_CORPUS', '$', 'type', 'the corpus must be a JSON array of records');
  }
  const issues: ValidationIssue[] = [];
  const papers: Paper[] = [];
  const seen = new Map<string, number>();
  data.forEach((raw: unknown, i) => {
    const recordIssues = checkRecord(raw, `$[${i}]`);
    if (recordIssues.length > 0) {
      issues.push(...recordIssues);
      return;
    }
    const record = raw as CorpusRecord;
    const first = seen.get(record.id);
    if (first !== undefined) {
      issues.push({ code: 'duplicate', path: `$[${i}].id`, message: `id ${record.id} duplicates $[${first}].id` });
      return;
    }
    seen.set(record.id, i);
    papers.push(corpusRecordToPaper(record));
  });
  if (issues.length > 0) {
    throw new ValidationError('INVALID_CORPUS', issues.slice(0, MAX_REPORTED_ISSUES), { details: { issueCount: issues.length } });
  }
  return papers;
}

function checkRecord(raw: unknown, path: string): ValidationIssue[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ code: 'type', path, message: 'a corpus record must be an object { id, title, abstract }' }];
  }
  const record = raw as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const known = new Set<string>(['id', 'title', 'abstract', ...CORPUS_REFERENCE_FIELDS]);
  for (const key of Object.keys(record)) {
    if (!known.has(key)) {
      issues.push({ code: 'additionalProperties', path: `${path}.${key}`, message: `unknown field ${key}` });
    }
  }
  issues.push(...checkReferenceFields(record, path));
  const limits: Record<'id' | 'title' | 'abstract', number> = { id: 19, title: MAX_TITLE_CHARS, abstract: MAX_ABSTRACT_CHARS };
  for (const field of ['id', 'title', 'abstract'] as const) {
    const value = record[field];
    if (value === undefined) issues.push({ code: 'required', path: `${path}.${field}`, message: `${field} is required` });
    else if (typeof value !== 'string') issues.push({ code: 'type', path: `${path}.${field}`, message: `${field} must be a string` });
    else if (value.trim().length === 0) issues.push({ code: 'minLength', path: `${path}.${field}`, message: `${field} must not be empty` });
    else if (value.length > limits[field]) {
      issues.push({ code: 'maxLength', path: `${path}.${field}`, message: `${field} is longer than ${limits[field]} characters` });
    }
  }
  if (issues.length > 0) return issues;
  const { id, title } = record as unknown as CorpusRecord;
  if (!CORPUS_ID_PATTERN.test(id)) {
    return [{ code: 'pattern', path: `${path}.id`, message: 'id must be corpus: followed by 12 lowercase hex digits' }];
  }
  const expected = corpusIdForTitle(title);
  if (id !== expected) {
    return [{ code: 'id-mismatch', path: `${path}.id`, message: `id ${id} does not match its title hash (${expected})` }];
  }
  return [];
}

function checkReferenceFields(record: Record<string, unknown>, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const bad = (field: string, code: string, message: string) => issues.push({ code, path: `${path}.${field}`, message });
  const { authors, year, arxivId, doi, url, projectUrl } = record;
  if (authors !== undefined) {
    if (!Array.isArray(authors) || authors.length > MAX_AUTHORS || !authors.every((a) => typeof a === 'string' && a.trim().length > 0 && a.length <= MAX_AUTHOR_CHARS)) {
      bad('authors', 'type', `authors must be an array of at most ${MAX_AUTHORS} non-empty names of at most ${MAX_AUTHOR_CHARS} characters`);
    }
  }
  if (year !== undefined && (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999)) bad('year', 'range', 'year must be an integer in 1000..9999');
  if (arxivId !== undefined && !isArxivId(arxivId)) bad('arxivId', 'pattern', 'arxivId must look like 2109.01652 (optionally with a version, v5)');
  if (doi !== undefined && !isDoi(doi)) bad('doi', 'pattern', 'doi must look like 10.<registrant>/<suffix>');
  for (const [field, value] of [['url', url], ['projectUrl', projectUrl]] as const) {
    if (value !== undefined && !isReferenceUrl(value)) {
      bad(field, 'format', `${field} must be an http(s) URL without spaces, at most ${MAX_REFERENCE_CHARS} characters`);
    }
  }
  return issues;
}

/**
 * The default corpus file: `data/corpus.json` at the repository root, found
 * from this module whether it runs from source or from `dist/`.
 */
export function defaultCorpusPath(): string {
  return packageFile('data', 'corpus.json');
}

/** Reads and validates the corpus file (default {@link defaultCorpusPath}); INVALID_CORPUS when it is not valid JSON or a record is broken. */
export function loadCorpus(path: string = defaultCorpusPath()): Paper[] {
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ValidationError('INVALID_CORPUS', [{ code: 'json', path: '$', message: `not valid JSON: ${(err as Error).message}` }], { cause: err });
  }
  return validateCorpus(data);
}

/** A {@link Source} over the bundled corpus, ranked with BM25 (index built once per instance). */
export class CorpusSource implements Source {
  readonly name = CORPUS_ADAPTER;
  private readonly index: Bm25Index;
  private readonly byId: Map<string, Paper>;

  /** Wraps already validated papers (see {@link loadCorpus}). */
  constructor(readonly papers: readonly Paper[]) {
    this.index = new Bm25Index(papers);
    this.byId = new Map(papers.map((p) => [p.id, p]));
  }

  /** Loads and validates the corpus file, then indexes it. */
  static fromFile(path?: string): CorpusSource {
    return new CorpusSource(loadCorpus(path));
  }

  /** Returns up to `limit` papers ranked by BM25 for `query`, best first; refuses an empty query. */
  async search(query: string, limit: number): Promise<RankedPaper[]> {
    return this.searchSync(query, limit);
  }

  /** Synchronous form of {@link CorpusSource.search} for pure in-process pipelines. */
  searchSync(query: string, limit: number): RankedPaper[] {
    if (typeof query !== 'string' || query.trim().length === 0) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.query', 'required', 'query must be a non-empty string');
    }
    return this.index.search(query, limit);
  }

  /** Looks up a paper by id. */
  get(id: string): Paper | undefined {
    return this.byId.get(id);
  }
}
