/**
 * Where each evidence file lives in a bundle (docs/VERIFYING.md section 8.1),
 * written once for the export that writes them and the RO-Crate metadata
 * that describes them. Pure.
 */
import { HASH_PREFIX } from '../../ledger/core/hash';

const hex = (hash: string) => hash.slice(HASH_PREFIX.length);

/** Bundle-relative paths of the evidence files. */
export const EVIDENCE_PATHS = {
  index: 'evidence/index.json',
  stream: 'evidence/stream.jsonl',
  /** A source text, by its content hash. */
  source: (contentHash: string) => `evidence/sources/${hex(contentHash)}.txt`,
  roundReport: (round: number) => `evidence/rounds/${round}/report.md`,
  roundDraftState: (round: number) => `evidence/rounds/${round}/draft-state.json`,
  review: (round: number, role: string) => `evidence/rounds/${round}/review-${role.toLowerCase()}.json`,
  revision: (round: number) => `evidence/rounds/${round}/revision.json`,
  /** An archived workflow history, by its hash. */
  history: (sha256: string) => `evidence/history/${hex(sha256)}.json`,
  /** The n-th correction record (1-based, stream order). */
  correction: (n: number) => `evidence/corrections/${String(n).padStart(3, '0')}.json`,
  consistency: (manifestVersion: number) => `evidence/consistency/v${manifestVersion}.json`,
} as const;
