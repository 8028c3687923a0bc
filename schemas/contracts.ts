/**
 * The registry of public contracts and their validators. An entry that names
 * a contract is validated against it before anything is written.
 */
import type { ValidateFunction } from 'ajv/dist/2020';
import { ValidationError, type ValidationIssue } from '../common/errors';
import { issueOf } from './contract-issue';
import { AJV_OPTIONS, CONTRACT_SCHEMAS, GENERATED_VALIDATOR_NAMES, type ContractName } from './contract-schemas';
import * as generated from './generated/contract-validators';

export { AJV_OPTIONS, CONTRACT_SCHEMAS, type ContractName };

/**
 * The validator of a contract: ajv standalone code generated from the schema
 * at build time (scripts/generate-validators.ts, same options as a run-time
 * compile: all errors, strict, formats), so no schema is compiled when a
 * command starts.
 */
function validatorFor(name: ContractName): ValidateFunction {
  return (generated as unknown as Record<string, ValidateFunction>)[GENERATED_VALIDATOR_NAMES[name]]!;
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
