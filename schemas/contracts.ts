/**
 * The registry of public contracts and their validators. An entry that names
 * a contract is validated against it before anything is written.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationError, type ValidationIssue } from '../common/errors';
import { issueOf } from './contract-issue';
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
 * The options every contract validator is compiled with: here at run time,
 * and by scripts/build-verifier.ts ahead of time for the built verifiers
 * (which must not compile code at run time: the site's CSP forbids eval).
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false } as const;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(name: ContractName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    ajv ??= addFormats(new Ajv2020(AJV_OPTIONS));
    fn = ajv.compile(CONTRACT_SCHEMAS[name] as object);
    compiled.set(name, fn);
  }
  return fn;
}

/** True when `name` is a contract this version knows. */
export function isContractName(name: string): name is ContractName {
  return Object.prototype.hasOwnProperty.call(CONTRACT_SCHEMAS, name);
}

/** Validates `doc` against contract `name`; returns the issues (empty when valid). */
export function contractIssues(name: ContractName, doc: unknown, rootPath = '$'): ValidationIssue[] {
  const fn = validatorFor(name);
  if (fn(doc)) return [];
  return (fn.errors ?? []).map((e) => issueOf(e, rootPath));
}

/**
 * Validates `doc` against contract `name`. Throws `UNKNOWN_CONTRACT` for a
 * name this version does not know and `SCHEMA_INVALID` listing every issue.
 */
export function assertContract(name: string, doc: unknown, rootPath = '$'): void {
  if (!isContractName(name)) {
    throw ValidationError.single('UNKNOWN_CONTRACT', '$.contract', 'known-contract',
      `unknown contract or version "${name}"; known: ${Object.keys(CONTRACT_SCHEMAS).join(', ')}`);
  }
  const issues = contractIssues(name, doc, rootPath);
  if (issues.length > 0) throw new ValidationError('SCHEMA_INVALID', issues);
}
