/**
 * The fixed text of a canonical (RFC 8785) entry header, derived from its
 * JSON Schema: when every member is required, no other member is allowed and
 * each value is an integer, a string, a string or null, a constant or an
 * object of those, the canonical form is the same text around each value.
 * The reader (canonical-header.ts) matches that text; this module computes it once,
 * at load, and refuses a schema of another shape there, so a change to the
 * header schema cannot leave a reader of the old shape.
 */
import { entryHeaderBodySchema } from '../../schemas/entry-header.schema';
import { canonicalize } from './canonical-json';

/** The JSON Schema keywords the layout reads (the others constrain values, which the reader leaves to the hash checks). */
export interface HeaderSchemaNode {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly HeaderSchemaNode[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, HeaderSchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: unknown;
}

/** What the reader reads for a member. */
export type HeaderMemberType = 'string' | 'string-or-null' | 'integer';

/**
 * The dotted paths of the members of an object schema whose value varies
 * (not a `const`), nested objects included member by member: the type of
 * what {@link canonicalHeaderLayout} names in `members` and `at`.
 */
export type HeaderMemberPath<S> = S extends { readonly properties: infer P }
  ? { [K in keyof P & string]: P[K] extends { readonly const: unknown } ? never : P[K] extends { readonly properties: object } ? `${K}.${HeaderMemberPath<P[K]>}` : K }[keyof P & string]
  : never;

/** The canonical text of a header, cut at its values. */
export interface CanonicalHeaderLayout<Path extends string = string> {
  /** Each value in canonical order: the text before it (keys, punctuation, constants), its path, its type. */
  readonly members: ReadonlyArray<readonly [before: string, path: Path, type: HeaderMemberType]>;
  /** The text after the last value. */
  readonly end: string;
  /** The position of each member's value counted from 1 (the capture groups of a regular expression that matches the whole text). */
  readonly at: Readonly<Record<Path, number>>;
}

/**
 * The layout of the canonical form of objects valid against `schema`: members
 * sorted by UTF-16 code units at every level (RFC 8785 section 3.2.3), keys
 * and constants spelled by {@link canonicalize}. Throws an Error naming the
 * member when the schema allows a shape whose canonical text is not fixed
 * (an optional or extra member) or a type the reader does not read.
 */
export function canonicalHeaderLayout<S extends HeaderSchemaNode>(schema: S): CanonicalHeaderLayout<HeaderMemberPath<S>> {
  type Path = HeaderMemberPath<S>;
  const members: Array<readonly [string, Path, HeaderMemberType]> = [];
  let text = '';
  const writeObject = (node: HeaderSchemaNode, path: string): void => {
    const properties = node.properties ?? {};
    const keys = Object.keys(properties).sort();
    const what = path === '' ? 'the header' : path;
    if (node.additionalProperties !== false) throw unsupported(`${what} allows members its schema does not name (additionalProperties is not false)`);
    const optional = keys.filter((k) => !(node.required ?? []).includes(k));
    if (optional.length > 0) throw unsupported(`${what} has members that may be absent (${optional.join(', ')})`);
    text += '{';
    keys.forEach((key, i) => {
      const member = properties[key]!;
      const memberPath = path === '' ? key : `${path}.${key}`;
      text += `${i > 0 ? ',' : ''}${canonicalize(key)}:`;
      if ('const' in member) {
        text += canonicalize(member.const, memberPath);
        return;
      }
      const type = typeOf(member, memberPath);
      if (type === 'object') {
        writeObject(member, memberPath);
      } else {
        // The type-level walk of HeaderMemberPath names the same paths.
        members.push([text, memberPath as Path, type]);
        text = '';
      }
    });
    text += '}';
  };
  if (typeOf(schema, 'the header') !== 'object') throw unsupported('the header is not an object');
  writeObject(schema, '');
  const at = Object.fromEntries(members.map(([, path], i) => [path, i + 1])) as Record<Path, number>;
  return { members, end: text, at };
}

/** The layout of a v1 entry header ({@link entryHeaderBodySchema}). */
export const ENTRY_HEADER_LAYOUT = canonicalHeaderLayout(entryHeaderBodySchema);

/** The member's type from `type` or the branches of `anyOf`. */
function typeOf(node: HeaderSchemaNode, path: string): HeaderMemberType | 'object' {
  const types = [...new Set(typesOf(node))].sort().join(' or ');
  switch (types) {
    case 'integer':
    case 'string':
    case 'object':
      return types;
    case 'null or string':
      return 'string-or-null';
    default:
      throw unsupported(`${path} has type ${types || 'unknown'} (${JSON.stringify(node)}); the reader reads an integer, a string, a string or null, a const or an object of those`);
  }
}

function typesOf(node: HeaderSchemaNode): readonly string[] {
  if (node.type !== undefined) return typeof node.type === 'string' ? [node.type] : node.type;
  return node.anyOf?.flatMap(typesOf) ?? [];
}

function unsupported(message: string): Error {
  return new Error(`canonical header layout: ${message}`);
}
