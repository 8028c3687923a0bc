/**
 * Gathers the cosignatures of every configured witness on one signed
 * checkpoint and returns the checkpoint note carrying them. Publication
 * requires all configured witnesses (the trust policy of verifiers may need
 * fewer, but a publisher that skips a witness could not tell a split view
 * from an outage). Witnesses are asked in parallel; the sizes they reported
 * are remembered for the life of the process, saving the 409 round trip next time.
 */
import { isSynthledgerError, type SynthledgerError } from '../../common/errors';
import { addCosignatures, type Cosignature } from '../../ledger/core/cosignature';
import { parseCheckpointBody } from '../../ledger/core/checkpoint';
import { parseNote } from '../../ledger/core/signed-note';
import { requestCosignature } from './witness-client';
import type { CheckpointWitnesses } from '../../activities/checkpoint-witnesses';
import { parseWitnessEndpoints, WITNESSES_ENV, type WitnessEndpoint } from './witness-config';

/** The outcome of {@link cosignCheckpoint}. */
export interface CosignedCheckpoint {
  /** The signed checkpoint note with every witness's cosignature line appended. */
  note: string;
  /** One entry per witness, in configuration order. */
  cosignatures: Array<Cosignature & { url: string }>;
}

/** Options of {@link cosignCheckpoint}. */
export interface CosignCheckpointOptions {
  /** Consistency proof between two sizes of our log (from the ledger). */
  consistencyProof: (oldSize: number, newSize: number) => Promise<Buffer[]>;
  timeoutMs?: number;
}

const lastKnownSize = new Map<string, number>();

/**
 * Asks each witness to cosign `checkpointNote` and returns the cosigned note.
 * With no witnesses, returns the note unchanged. When any witness fails,
 * throws its coded error (a non-retryable one before a retryable one, so a
 * split view is never hidden behind an outage) and no cosigned note exists.
 */
export async function cosignCheckpoint(checkpointNote: string, witnesses: readonly WitnessEndpoint[], options: CosignCheckpointOptions): Promise<CosignedCheckpoint> {
  if (witnesses.length === 0) return { note: checkpointNote, cosignatures: [] };
  const { treeSize } = parseCheckpointBody(parseNote(checkpointNote).text);
  const results = await Promise.allSettled(witnesses.map(async (witness) => {
    const key = `${witness.url} ${witness.verifier.keyString}`;
    const got = await requestCosignature(witness, checkpointNote, { consistencyProof: options.consistencyProof, oldSizeHint: lastKnownSize.get(key), timeoutMs: options.timeoutMs });
    lastKnownSize.set(key, treeSize);
    return got;
  }));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) throw worst(failures);
  let note = checkpointNote;
  const cosignatures: CosignedCheckpoint['cosignatures'] = [];
  for (const r of results) {
    if (r.status !== 'fulfilled') continue;
    note = addCosignatures(note, r.value.lines);
    cosignatures.push(...r.value.cosignatures.map((c) => ({ ...c, url: r.value.url })));
  }
  return { note, cosignatures };
}

function worst(failures: unknown[]): unknown {
  const coded = failures.filter(isSynthledgerError) as SynthledgerError[];
  return coded.find((e) => e.code === 'SPLIT_VIEW') ?? coded.find((e) => !e.retryable) ?? coded[0] ?? failures[0];
}

/**
 * The witnesses of `SYNTHLEDGER_WITNESSES` as the dependency publication takes,
 * or undefined when none are configured. Throws CONFIG_INVALID for a
 * malformed variable, so a worker never starts with half a configuration.
 */
export function witnessesFromEnv(env: NodeJS.ProcessEnv = process.env, options: { timeoutMs?: number } = {}): CheckpointWitnesses | undefined {
  const endpoints = parseWitnessEndpoints(env[WITNESSES_ENV]);
  if (endpoints.length === 0) return undefined;
  return witnessesAt(endpoints, options);
}

/** The given witnesses as the dependency publication takes. */
export function witnessesAt(endpoints: readonly WitnessEndpoint[], options: { timeoutMs?: number } = {}): CheckpointWitnesses {
  return {
    cosign: (note, consistencyProof) => cosignCheckpoint(note, endpoints, { consistencyProof, timeoutMs: options.timeoutMs }),
  };
}
