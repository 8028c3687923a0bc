/**
 * JSON as a verifier must read it: RFC 8259 syntax (by `JSON.parse`) and no
 * duplicate member names (RFC 8259 section 4 leaves their meaning open; RFC
 * 7493 section 2.3 forbids them). Parsers disagree on which duplicate wins, so
 * a manifest holding a forged `researchQuestion` ahead of the real one could
 * read differently to a person and to the hash; the standalone verifier's
 * parser refuses the same documents.
 */
import { escapeUnsafeJson } from './text-safety';

/** A JSON text that is not strict JSON: `message` says why (syntax, or the duplicated name and where). */
export class StrictJsonError extends Error {
  /** The repeated member name, when that is the reason (null for a syntax error). */
  readonly duplicate: DuplicateName | null;

  constructor(message: string, duplicate: DuplicateName | null = null) {
    super(message);
    this.duplicate = duplicate;
  }
}

/**
 * Parses `text` as JSON, throwing {@link StrictJsonError} for a syntax error
 * or an object with a member name twice (names compared after unescaping, so
 * `"a"` and `"\u0061"` are the same name).
 */
export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new StrictJsonError((e as Error).message);
  }
  const duplicate = firstDuplicateName(text);
  if (duplicate) throw new StrictJsonError(`duplicate member name ${JSON.stringify(duplicate.name)} at ${duplicate.path} (character ${duplicate.at})`, duplicate);
  return value;
}

/** A repeated member name found by {@link firstDuplicateName}. */
export interface DuplicateName {
  /** The member name, unescaped. */
  name: string;
  /** Character offset of its second occurrence. */
  at: number;
  /** Where it is, as a JSONPath (`$.logs[0].origin`; a name that is not an identifier as `["name"]`, unsafe characters escaped). */
  path: string;
}

/**
 * Scans valid JSON text for an object with a repeated member name; returns
 * the first one found, or null. Precondition: `text` is valid JSON (the
 * scanner trusts its structure), which {@link parseStrictJson} checks first.
 */
export function firstDuplicateName(text: string): DuplicateName | null {
  // One frame per open container: an object's names so far and its current member, or an array's index.
  const open: Array<{ names: Set<string>; member: string | null } | { index: number }> = [];
  let expectName = false;
  const segment = (frame: (typeof open)[number]): string => ('index' in frame ? `[${frame.index}]` : memberPath(frame.member ?? ''));
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      open.push({ names: new Set(), member: null });
      expectName = true;
    } else if (c === '[') {
      open.push({ index: 0 });
      expectName = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectName = false;
    } else if (c === ',') {
      const top = open[open.length - 1];
      if (top && 'index' in top) top.index++;
      expectName = top !== undefined && !('index' in top);
    } else if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (expectName) {
        const name = JSON.parse(text.slice(start, i + 1)) as string;
        const top = open[open.length - 1] as { names: Set<string>; member: string | null };
        if (top.names.has(name)) return { name, at: start, path: `$${open.slice(0, -1).map(segment).join('')}${memberPath(name)}` };
        top.names.add(name);
        top.member = name;
        expectName = false;
      }
    }
  }
  return null;
}

/** One member's step of a JSONPath: `.name` for an identifier, else `["name"]`. */
function memberPath(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${escapeUnsafeJson(JSON.stringify(name))}]`;
}
