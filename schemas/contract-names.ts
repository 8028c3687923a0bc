/**
 * Names of the public contracts (DESIGN section 4), each written once. The
 * schemas build their `$id`, `title` and `contract` const from these, and
 * every writer and reader of a contract names it through them. Pure
 * constants: safe to import from workflow code.
 */

/** A published version of one synthesis (DESIGN 4.2). */
export const PAPER_MANIFEST_CONTRACT = 'paper-manifest-v1.1';
/** The receipt published beside a manifest (DESIGN 4.3). */
export const RECEIPT_CONTRACT = 'receipt-v1';
/** An additive correction of a published synthesis (DESIGN 4.4). */
export const CORRECTION_RECORD_CONTRACT = 'correction-record-v1';
/** Where one retained source came from (DESIGN 4.5). */
export const SOURCE_PROVENANCE_CONTRACT = 'source-provenance-v1';
/** A ledger entry header (DESIGN 4.1). */
export const ENTRY_HEADER_CONTRACT = 'entry-header-v1';
/** A reader's trust file: pinned log keys, witnesses and quorum (DESIGN 4.6, docs/VERIFYING.md). */
export const TRUST_POLICY_CONTRACT = 'trust-policy-v1';

/** The `$id` of a contract's JSON Schema. */
export function schemaId<N extends string>(name: N): `https://synthledger.dev/schemas/${N}.json` {
  return `https://synthledger.dev/schemas/${name}.json`;
}
