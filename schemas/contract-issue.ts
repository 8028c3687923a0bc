/**
 * One JSON Schema error as a validation issue: a JSONPath-like path under
 * the document's root and a sentence. Used by the run-time validators
 * (contracts.ts) and the precompiled ones of the built verifiers alike.
 */
import type { ErrorObject } from 'ajv/dist/2020';
import type { ValidationIssue } from '../common/errors';

/** The issue of Ajv error `e`, its path under `rootPath` (`$manifest.claims[0].text`). */
export function issueOf(e: ErrorObject, rootPath: string): ValidationIssue {
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
