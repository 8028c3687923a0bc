/**
 * The paper manifest as the subject of a receipt: the ledger's pure verifier
 * knows no contract, so the manifest's contract name, shape check and the
 * fields that name its stream, log origin and artifacts are given to it here.
 * Structurally a `ReceiptSubject` of `ledger/core/verify-receipt.ts`.
 */
import type { ValidationIssue } from '../common/errors';
import { PAPER_MANIFEST_CONTRACT } from './contract-names';
import { contractIssues } from './contracts';

type Loose = Record<string, unknown> | null | undefined;
const field = (doc: unknown, key: string): unknown => (doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[key] : undefined);

/** The `paper-manifest-v1.1` receipt subject; its accessors tolerate malformed input. */
export const PAPER_MANIFEST_SUBJECT = {
  contract: PAPER_MANIFEST_CONTRACT,
  issues: (document: unknown, rootPath: string): ValidationIssue[] => contractIssues(PAPER_MANIFEST_CONTRACT, document, rootPath),
  streamOf: (document: unknown): string => {
    const id = field(document, 'synthesisId');
    return typeof id === 'string' ? id : '';
  },
  logOriginOf: (document: unknown): string | undefined => {
    const origin = field(field(document, 'ledger') as Loose, 'logOrigin');
    return typeof origin === 'string' ? origin : undefined;
  },
  artifactsOf: (document: unknown): Array<{ name: string; bytes: number; sha256: string }> => {
    const listed = field(document, 'artifacts');
    return Array.isArray(listed) ? (listed as Array<{ name: string; bytes: number; sha256: string }>) : [];
  },
} as const;
