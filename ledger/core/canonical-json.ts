/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * https://www.rfc-editor.org/rfc/rfc8785 — members sorted by UTF-16 code
 * units (section 3.2.3), numbers serialized as ECMAScript's
 * Number.prototype.toString (section 3.2.2.3), strings escaped as
 * JSON.stringify does for well-formed strings (section 3.2.2.2).
 *
 * Input is treated as untrusted: anything that is not an I-JSON value
 * (RFC 7493) is refused with a {@link ValidationError} naming the path.
 * This module has no dependencies so the offline verifier can use it.
 */
import { ValidationError } from '../../common/errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Serializes `value` canonically. Throws `INVALID_JSON_VALUE` naming the first offending path. */
export function canonicalize(value: unknown, rootPath = '$'): string {
  const out: string[] = [];
  write(value, rootPath, out, new Set());
  return out.join('');
}

function write(value: unknown, path: string, out: string[], seen: Set<object>): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, 'non-finite-number', `${String(value)} is not a JSON number`);
      out.push(Object.is(value, -0) ? '0' : String(value));
      return;
    case 'string':
      out.push(quote(value, path));
      return;
    case 'object':
      break;
    default:
      throw invalid(path, `unsupported-${typeof value}`, `a ${typeof value} value cannot be represented in JSON`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw invalid(path, 'cycle', 'the value contains a reference cycle');
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(',');
      if (!(i in obj)) throw invalid(`${path}[${i}]`, 'sparse-array', 'arrays must not have holes');
      write(obj[i], `${path}[${i}]`, out, seen);
    }
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      throw invalid(path, 'non-plain-object', `a ${proto?.constructor?.name ?? 'non-plain'} object is not a JSON object`);
    }
    const keys = Object.keys(obj).sort();
    out.push('{');
    let first = true;
    for (const key of keys) {
      const child = (obj as Record<string, unknown>)[key];
      const childPath = `${path}.${key}`;
      if (child === undefined) throw invalid(childPath, 'undefined', 'undefined is not a JSON value');
      if (!first) out.push(',');
      first = false;
      out.push(quote(key, `${path}{key ${JSON.stringify(key)}}`));
      out.push(':');
      write(child, childPath, out, seen);
    }
    out.push('}');
  }
  seen.delete(obj);
}

function quote(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw invalid(path, 'lone-surrogate', 'the string contains a lone UTF-16 surrogate');
  return JSON.stringify(s);
}

function invalid(path: string, rule: string, message: string): ValidationError {
  return ValidationError.single('INVALID_JSON_VALUE', path, rule, message);
}
