/**
 * JSON as a verifier must read it: RFC 8259 syntax (by `JSON.parse`) and no
 * duplicate member names (RFC 8259 section 4 leaves their meaning open; RFC
 * 7493 section 2.3 forbids them). Parsers disagree on which duplicate wins, so
 * a manifest holding a forged `researchQuestion` ahead of the real one could
 * read differently to a person and to the hash; the standalone verifier's
 * parser refuses the same documents.
 */

/** A JSON text that is not strict JSON: `message` says why (syntax, or the duplicated name and where). */
export class StrictJsonError extends Error {}

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
  if (duplicate) throw new StrictJsonError(`duplicate member name ${JSON.stringify(duplicate.name)} at character ${duplicate.at}`);
  return value;
}

/**
 * Scans valid JSON text for an object with a repeated member name; returns
 * the first one found, or null. Precondition: `text` is valid JSON (the
 * scanner trusts its structure), which {@link parseStrictJson} checks first.
 */
export function firstDuplicateName(text: string): { name: string; at: number } | null {
  // One set of names per open container; arrays get null.
  const open: Array<Set<string> | null> = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      open.push(new Set());
      expectName = true;
    } else if (c === '[') {
      open.push(null);
      expectName = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectName = false;
    } else if (c === ',') {
      expectName = open[open.length - 1] !== null && open.length > 0;
    } else if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (expectName) {
        const name = JSON.parse(text.slice(start, i + 1)) as string;
        const names = open[open.length - 1]!;
        if (names.has(name)) return { name, at: start };
        names.add(name);
        expectName = false;
      }
    }
  }
  return null;
}
