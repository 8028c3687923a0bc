/**
 * The offline default embedding provider: feature hashing of words and
 * character 3-grams into a fixed number of dimensions.
 *
 * It is LEXICAL, not semantic: two texts are close when they share words and
 * word fragments, whatever they mean ("improves accuracy" and "does not
 * improve accuracy" are close). It is useful for indexing and near-duplicate
 * detection, but it is not an independent second verification method next to
 * TF-IDF, so it never lifts a synthesis to verification level L3.
 *
 * Features: each word token `w:<token>` (weight 1) and each character 3-gram
 * of `#<token>#` `c:<gram>` (weight 0.5, so morphology helps without
 * drowning whole-word matches). Index = FNV-1a 32-bit of the feature modulo
 * the dimension; sign = lowest bit of FNV-1a of `<seed>:<feature>` (a fixed
 * seeded ±1 projection that keeps collisions from only ever adding up, as in
 * Weinberger et al., "Feature Hashing for Large Scale Multitask Learning",
 * 2009). The vector is L2-normalized; an empty text maps to the zero vector.
 */
import { EnvironmentError, ValidationError } from '../../common/errors';
import type { EmbeddingProvider, EmbeddingResult } from '../model';
import { tokenize } from './text';

/** Default vector dimension. */
export const DEFAULT_EMBEDDING_DIMENSION = 256;
/** Default seed of the sign projection. Changing it changes every vector, so it is part of the model id. */
export const DEFAULT_EMBEDDING_SEED = 'synthledger-v1';
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** Options of {@link HashedNgramEmbedder}. */
export interface HashedNgramEmbedderOptions {
  dimension?: number;
  seed?: string;
}

/** A deterministic, in-process, lexical embedding provider (hashed words + character 3-grams). */
export class HashedNgramEmbedder implements EmbeddingProvider {
  readonly name = 'local-hashed-ngram';
  readonly model: string;
  readonly dimension: number;
  readonly deterministic = true;
  /** Lexical by construction: see the module comment. */
  readonly semantic = false;
  private readonly seed: string;

  /** Creates an embedder; `dimension` must be an integer ≥ 8. */
  constructor(options: HashedNgramEmbedderOptions = {}) {
    this.dimension = options.dimension ?? DEFAULT_EMBEDDING_DIMENSION;
    if (!Number.isInteger(this.dimension) || this.dimension < 8) {
      throw new EnvironmentError('CONFIG_INVALID', `embedding dimension must be an integer >= 8, got ${this.dimension}`, { details: { option: 'dimension' } });
    }
    this.seed = options.seed ?? DEFAULT_EMBEDDING_SEED;
    this.model = this.seed === DEFAULT_EMBEDDING_SEED ? 'hashed-ngram-v1' : `hashed-ngram-v1+${this.seed}`;
  }

  /**
   * Embeds texts (see {@link HashedNgramEmbedder.embedOne}); token counts are
   * word tokens in. Yields to the event loop between texts, so a long batch
   * (full texts) never starves the activity's heartbeats; the vectors are
   * those of {@link HashedNgramEmbedder.embedSync}.
   */
  async embed(texts: string[]): Promise<EmbeddingResult> {
    let input = 0;
    const vectors: number[][] = [];
    for (const t of texts) {
      input += tokenize(t, { removeStopWords: false }).length;
      vectors.push(this.embedOne(t));
      await new Promise((r) => setTimeout(r, 0));
    }
    return { model: this.model, dimension: this.dimension, vectors, tokens: { input, output: 0 } };
  }

  /** Synchronous {@link HashedNgramEmbedder.embed}. */
  embedSync(texts: readonly string[]): EmbeddingResult {
    let input = 0;
    const vectors = texts.map((t) => {
      input += tokenize(t, { removeStopWords: false }).length;
      return this.embedOne(t);
    });
    return { model: this.model, dimension: this.dimension, vectors, tokens: { input, output: 0 } };
  }

  /** The L2-normalized hashed vector of one text. */
  embedOne(text: string): number[] {
    const v = new Float64Array(this.dimension);
    for (const token of tokenize(text, { removeStopWords: false })) {
      this.add(v, `w:${token}`, WORD_WEIGHT);
      const padded = `#${token}#`;
      const chars = [...padded];
      for (let i = 0; i + 3 <= chars.length; i++) this.add(v, `c:${chars.slice(i, i + 3).join('')}`, TRIGRAM_WEIGHT);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    return Array.from(v, (x) => (norm === 0 ? 0 : x / norm));
  }

  private add(v: Float64Array, feature: string, weight: number): void {
    const index = fnv1a32(feature) % this.dimension;
    const sign = (fnv1a32(`${this.seed}:${feature}`) & 1) === 0 ? 1 : -1;
    v[index] += sign * weight;
  }
}

/** Cosine similarity of two equal-length vectors; 0 when either is the zero vector. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw ValidationError.single('INVALID_ARGUMENT', '$.b', 'same-length', `vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
