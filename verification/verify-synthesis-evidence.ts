/**
 * Deep verification of a synthesis evidence bundle: the correction notice
 * first, then the core's stream steps (ledger/core/verify-evidence.ts) and
 * the synthesis steps (synthesis-evidence-checks.ts). Pure; the caller reads
 * the files. The receipt steps (verify-receipt) run separately and first.
 */
import { verifyCheckpoint } from '../ledger/core/checkpoint';
import { verifyEvidence, type EvidenceVerification } from '../ledger/core/verify-evidence';
import { correctionNotice, type CorrectionNotice } from './correction-notice';
import { synthesisEvidenceChecks, type BundleFiles } from './synthesis-evidence-checks';

/** Inputs: the manifest and receipt documents, every bundle file by relative path, and the key the reader trusts. */
export interface SynthesisEvidenceInputs {
  manifest: unknown;
  receipt: unknown;
  files: BundleFiles;
  trustedPublicKey?: string;
}

/** The outcome: the correction notice and the named steps. */
export interface SynthesisEvidenceVerification extends Omit<EvidenceVerification, 'entries'> {
  correction: CorrectionNotice;
}

/** Runs every deep step; `ok` is about the evidence, the notice about the synthesis's standing. */
export function verifySynthesisEvidence(inputs: SynthesisEvidenceInputs): SynthesisEvidenceVerification {
  const receipt = (inputs.receipt ?? {}) as { checkpoint?: string; publicKey?: string; treeSize?: number; leafIndex?: number; entryHeader?: { stream?: string } };
  const manifest = (inputs.manifest ?? {}) as { ledger?: { streamHead?: string; entryCount?: number; logOrigin?: string } };
  let checkpoint: { treeSize: number; rootHash: Uint8Array } | null = null;
  try {
    const cp = verifyCheckpoint(String(receipt.checkpoint), inputs.trustedPublicKey ?? String(receipt.publicKey), { origin: manifest.ledger?.logOrigin });
    if (cp.treeSize === receipt.treeSize) checkpoint = { treeSize: cp.treeSize, rootHash: cp.rootHash };
  } catch {
    // Reported by the receipt steps; the inclusion step then fails for want of a root.
  }
  const streamJsonl = inputs.files.get('evidence/stream.jsonl');
  const result = verifyEvidence({
    stream: String(receipt.entryHeader?.stream ?? ''),
    streamJsonl: streamJsonl ? Buffer.from(streamJsonl).toString('utf8') : '',
    checkpoint,
    published: { leafIndex: Number(receipt.leafIndex), streamHead: manifest.ledger?.streamHead, entryCount: manifest.ledger?.entryCount },
    checks: synthesisEvidenceChecks(inputs.manifest, inputs.files),
  });
  return { ok: result.ok, steps: result.steps, correction: correctionNotice(inputs.manifest, result.entries) };
}
