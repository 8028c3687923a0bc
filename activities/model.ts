/**
 * Data shapes that flow between pipeline stages (and through Temporal as
 * activity inputs and outputs). Pure types: the workflow imports this file
 * for types only.
 */
import type { TribunalRole } from '../schemas/tribunal-roles';

/** One paper as a source adapter returns it. `text` is the exact text used downstream (hashed into provenance). */
export interface Paper {
  /** `corpus:<12 hex>`, `arxiv:<id>` or a DOI. */
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  year: number | null;
  /** URL, DOI or corpus path. */
  locator: string;
  /** Adapter name, e.g. `bundled-corpus`, `arxiv`. */
  adapter: string;
  license: string | null;
  /** arXiv identifier (`2109.01652`), when the source names one. */
  arxivId?: string;
  /** DOI (`10.…`), when the source names one. */
  doi?: string;
  /** The paper's landing page, when the source names one. */
  url?: string;
  /** The code or project page the paper's abstract names, when it names one. */
  projectUrl?: string;
}

/** A paper as ranked for one query variant. */
export interface RankedPaper {
  paper: Paper;
  query: string;
  rank: number;
  score: number;
}

/** A source adapter: searches a collection of papers. */
export interface Source {
  /** Adapter name recorded in provenance, e.g. `bundled-corpus`. */
  readonly name: string;
  /** Returns up to `limit` papers ranked by relevance to `query`, best first. */
  search(query: string, limit: number): Promise<RankedPaper[]>;
}

/** A vector for one text from an embedding provider. */
export interface EmbeddingResult {
  model: string;
  dimension: number;
  vectors: number[][];
  tokens: { input: number; output: number };
}

/** Turns texts into vectors. */
export interface EmbeddingProvider {
  readonly name: string;
  readonly model: string;
  readonly dimension: number;
  /** True when the same input always yields the same output and nothing leaves the process. */
  readonly deterministic: boolean;
  embed(texts: string[]): Promise<EmbeddingResult>;
}

/** A chat completion request with a JSON-schema constrained answer. */
export interface ChatRequest {
  system: string;
  user: string;
  /** JSON Schema the answer must satisfy. */
  schema: Record<string, unknown>;
  schemaName: string;
}

/** A chat completion answer, parsed. */
export interface ChatResult {
  model: string;
  /** The parsed JSON answer (already validated against the request schema). */
  json: unknown;
  /** The raw response text, for hashing into the ledger. */
  raw: string;
  tokens: { input: number; output: number };
  durationMs: number;
}

/** A chat endpoint (OpenAI-compatible). */
export interface ChatProvider {
  readonly name: string;
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}

/** A claim extracted from one source, with the span it came from. */
export interface Claim {
  /** Stable: `claim:` + first 16 hex of sha256(sourceId + "\n" + text). */
  claimId: string;
  text: string;
  sourceId: string;
  /** The source sentence the claim came from, and its character offsets in the source text. */
  span: { sentence: string; start: number; end: number };
  /** How it was extracted: `heuristic-v1`, `question-focused-v1` or `chat:<model>`. */
  method: string;
  /**
   * How strongly the claim's sentence bears on the research question, in
   * [0, 1] (question-aspects-v1), and the aspect it bears on most. Absent on
   * claims extracted without a question.
   */
  relevance?: number;
  aspect?: { aspectId: string; label: string } | null;
}

/** The outcome of checking one claim against its source. */
export interface ClaimVerification {
  claimId: string;
  /** Source attachment: best TF-IDF cosine ≥ threshold. */
  verified: boolean;
  /** The best TF-IDF cosine over the source's sentences. */
  confidence: number;
  bestSentence: string;
  method: 'tfidf-source-attachment-v1';
  threshold: number;
  /** Numbers, units and negations in the claim agree with the best sentence. */
  consistency: { numbers: boolean; negation: boolean; issues: string[] };
  /** Cosine from the embedding provider, and whether that provider is semantic (not lexical). */
  embedding: { similarity: number; semantic: boolean; agrees: boolean } | null;
  /**
   * The entailment check (lexical-entailment-v1): SUPPORTS, REFUTES or
   * NOT_ENOUGH_INFO with the evidence sentence. When present, `verified`
   * requires SUPPORTS as well as attachment.
   */
  entailment?: {
    verdict: 'SUPPORTS' | 'REFUTES' | 'NOT_ENOUGH_INFO';
    evidence: string;
    attachment: number;
    conflicts: Array<{ kind: 'direction' | 'negation' | 'number'; detail: string; sentence: string }>;
    method: string;
  };
  /**
   * The semantic entailment verdict (a chat model's `entail.v1`, method
   * `chat-entailment-v1:<model>`) of the claim against `evidence`, its
   * evidence sentence. Present only when a judge was configured and the
   * lexical check verified the claim; `verdict` null when the model's answer
   * was unusable (`reason` then says why). It does not change `verified`; the
   * verification level L3 needs it to be SUPPORTS (docs/GRADING.md).
   */
  semantic?: {
    verdict: 'SUPPORTS' | 'REFUTES' | 'NOT_ENOUGH_INFO' | null;
    evidence: string;
    reason: string;
    method: string;
    /** The prompt version the judge was asked with, e.g. `entail.v1`. */
    prompt: string;
  };
}

/** Tribunal roles (defined once in schemas/tribunal-roles.ts). */
export type ReviewRole = TribunalRole;

/** One referee comment tied to a section and claims. */
export interface ReviewComment {
  severity: 'major' | 'minor';
  section: string;
  claimIds: string[];
  text: string;
  /** Stable id so a rebuttal can answer it: `<role>-<M|m><n>`. */
  commentId: string;
}

/** One tribunal member's review. */
export interface Review {
  role: ReviewRole;
  score: number;
  verdict: 'ACCEPT' | 'MINOR_REVISION' | 'MAJOR_REVISION' | 'REJECT';
  comments: ReviewComment[];
  /** Signals the score came from, by name. */
  signals: Record<string, number>;
  method: string;
}

/** A point-by-point answer to one major comment. */
export interface RebuttalPoint {
  commentId: string;
  response: string;
  action: 'FLAGGED_CLAIM' | 'DROPPED_CLAIM' | 'ADDED_DISCLOSURE' | 'WIDENED_RETRIEVAL' | 'NO_CHANGE';
}

/** Publication decisions. */
export type PolicyDecision = 'AUTO_APPROVE' | 'HUMAN_REVIEW' | 'REJECT';

/** Known disclosure keys. */
export type DisclosureKey =
  | 'tfidf-weak-signal'
  | 'heuristic-extraction'
  | 'lexical-embedder'
  | 'corpus-limits'
  | 'unverified-claims'
  | 'consistency-failures'
  | 'low-source-coverage'
  | 'question-coverage'
  | 'flagged-claims'
  | 'dropped-claims';

/** One disclosed uncertainty (its wording and required keys: stages/disclosures.ts). */
export interface Disclosure {
  key: DisclosureKey;
  text: string;
}
