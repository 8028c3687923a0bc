/**
 * Every public contract name with its JSON Schema, and the name its
 * validator has in the generated module (schemas/generated/, written by
 * scripts/generate-validators.ts).
 */
import {
  CORRECTION_RECORD_CONTRACT, ENTRY_HEADER_CONTRACT, PAPER_MANIFEST_CONTRACT, RECEIPT_CONTRACT, SOURCE_PROVENANCE_CONTRACT, TRUST_POLICY_CONTRACT,
} from './contract-names';
import { correctionRecordSchema } from './correction-record.schema';
import { entryHeaderSchema } from './entry-header.schema';
import { paperManifestSchema } from './paper-manifest.schema';
import { receiptSchema } from './receipt.schema';
import { sourceProvenanceSchema } from './source-provenance.schema';
import { trustPolicySchema } from './trust-policy.schema';

/** Every contract name with its JSON Schema. */
export const CONTRACT_SCHEMAS = {
  [PAPER_MANIFEST_CONTRACT]: paperManifestSchema,
  [CORRECTION_RECORD_CONTRACT]: correctionRecordSchema,
  [SOURCE_PROVENANCE_CONTRACT]: sourceProvenanceSchema,
  [RECEIPT_CONTRACT]: receiptSchema,
  [ENTRY_HEADER_CONTRACT]: entryHeaderSchema,
  [TRUST_POLICY_CONTRACT]: trustPolicySchema,
} as const;

/** A known contract name. */
export type ContractName = keyof typeof CONTRACT_SCHEMAS;

/**
 * The options every contract validator is compiled with: ahead of time for
 * the commands (scripts/generate-validators.ts) and for the built verifiers
 * (scripts/build-verifier.ts), which must not compile code at run time (the
 * site's CSP forbids eval).
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false } as const;

/** The exported name of a contract's validator in the generated module: `validate_` and the contract name with `_` for every other character. */
export const GENERATED_VALIDATOR_NAMES = Object.fromEntries(
  Object.keys(CONTRACT_SCHEMAS).map((name) => [name, `validate_${name.replace(/[^A-Za-z0-9]/g, '_')}`]),
) as Record<ContractName, string>;
