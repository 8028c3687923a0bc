/**
 * What publication needs from witnesses, as a dependency the worker passes
 * in (activities never import runtime/): cosign one signed checkpoint, given
 * a way to prove consistency from an older size of our log, or fail with a
 * coded error (see docs/WITNESSES.md for the codes and which are retried).
 */

/** One witness's valid cosignature on a published checkpoint. */
export interface WitnessCosignatureInfo {
  /** Witness key name. */
  name: string;
  /** Witness key ID. */
  keyHash: number;
  /** When it cosigned, POSIX seconds. */
  timestamp: number;
  /** Its submission prefix. */
  url: string;
}

/** The witnesses publication asks; absent when none are configured. */
export interface CheckpointWitnesses {
  /**
   * Returns `checkpointNote` with every witness's verified cosignature line
   * appended, or throws a coded SynthledgerError (nothing partial is returned).
   */
  cosign(checkpointNote: string, consistencyProof: (oldSize: number, newSize: number) => Promise<Buffer[]>): Promise<{ note: string; cosignatures: WitnessCosignatureInfo[] }>;
}
