/**
 * The registry of public contracts and their validators. An entry that names
 * a contract is validated against it before anything is written.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationError, type ValidationIssue } from '../common/errors';
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

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(name: ContractName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    ajv ??= addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false }));
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
  return (fn.errors ?? []).map((e) => toIssue(e, rootPath));
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

function toIssue(e: ErrorObject, rootPath: string): ValidationIssue {
  const pointer = e.instancePath.split('/').slice(1).map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = rootPath;
  for (const seg of pointer) path += /^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`;
  let message = `${e.message ?? 'is invalid'}`;
  if (e.keyword === 'required') {
    path += `.${(e.params as { missingProperty: string }).missingProperty}`;
    message = 'is required';
  } else if (e.keyword === 'additionalProperties') {
    path += `.${(e.params as { additionalProperty: string }).additionalProperty}`;
    message = 'is not allowed by the contract';
  } else if (e.keyword === 'enum') {
    message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { code: e.keyword, path, message };
}
