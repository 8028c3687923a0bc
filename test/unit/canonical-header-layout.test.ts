import { canonicalHeaderLayout, ENTRY_HEADER_LAYOUT, type HeaderSchemaNode } from '../../ledger/core/canonical-header-layout';
import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';
import { entryHeaderBodySchema, type EntryHeader } from '../../schemas/entry-header.schema';

const HEADERS: EntryHeader[] = [
  {
    v: 1, index: 7, stream: 'syn-1', streamIndex: 0, kind: 'claim.record', contract: null, payloadHash: sha256('{}'),
    prevEntryHash: null, recordedAt: '2026-11-23T10:00:00.000Z', actor: { workflowId: 'syn-1', runId: null, activityType: 'extractClaims', activityId: '5' },
  },
  {
    v: 1, index: 12, stream: 'a"b\\c\u0001', streamIndex: 4, kind: 'k', contract: 'claim-record-v1', payloadHash: sha256('a'),
    prevEntryHash: sha256('b'), recordedAt: '2026-11-23T10:00:01.000Z', actor: { workflowId: null, runId: 'r', activityType: null, activityId: '' },
  },
];

/** The dotted paths of the scalar members of `value`, in the order its keys come. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix === '' ? k : `${prefix}.${k}`));
}

function valueAt(header: unknown, path: string): unknown {
  return path.split('.').reduce((o, k) => (o as Record<string, unknown>)[k], header);
}

/** `entryHeaderBodySchema` with `change` applied to a copy. */
function changed(change: (schema: { properties: Record<string, HeaderSchemaNode>; required: string[] }) => void): HeaderSchemaNode {
  const schema = JSON.parse(JSON.stringify(entryHeaderBodySchema)) as { properties: Record<string, HeaderSchemaNode>; required: string[] };
  change(schema);
  return schema;
}

describe('ENTRY_HEADER_LAYOUT', () => {
  it.each(HEADERS.map((h, i) => [i, h] as const))('names the members of header %i canonicalized by canonical-json, in its order (v is fixed text)', (_i, h) => {
    // JSON.parse keeps the members in the order of the text, which is the canonical order.
    const canonicalPaths = leafPaths(JSON.parse(canonicalize(h)));
    expect(canonicalPaths).toContain('v');
    expect(ENTRY_HEADER_LAYOUT.members.map(([, path]) => path)).toEqual(canonicalPaths.filter((p) => p !== 'v'));
  });

  it.each(HEADERS.map((h, i) => [i, h] as const))('rebuilds the canonical text of header %i from its fixed text and the values', (_i, h) => {
    const text = ENTRY_HEADER_LAYOUT.members.map(([before, path]) => before + canonicalize(valueAt(h, path))).join('') + ENTRY_HEADER_LAYOUT.end;
    expect(text).toBe(canonicalize(h));
  });

  it('numbers each member by its place, from 1', () => {
    expect(ENTRY_HEADER_LAYOUT.members.map(([, path]) => ENTRY_HEADER_LAYOUT.at[path])).toEqual(ENTRY_HEADER_LAYOUT.members.map((_m, i) => i + 1));
  });
});

describe('canonicalHeaderLayout', () => {
  it('reads types from type, type lists and anyOf, and spells a constant into the fixed text', () => {
    const layout = canonicalHeaderLayout({
      type: 'object', additionalProperties: false, required: ['b', 'a', 'c', 'd'],
      properties: { b: { const: 'x"y' }, a: { anyOf: [{ type: 'string' }, { type: 'null' }] }, d: { type: ['null', 'string'] }, c: { type: 'integer' } },
    });
    expect(layout.members).toEqual([['{"a":', 'a', 'string-or-null'], [',"b":"x\\"y","c":', 'c', 'integer'], [',"d":', 'd', 'string-or-null']]);
    expect(layout.end).toBe('}');
  });

  it.each([
    ['a number member', changed((s) => { s.properties.index = { type: 'number' }; }), /index has type number/],
    ['an integer or null', changed((s) => { s.properties.index = { type: ['integer', 'null'] }; }), /index has type integer or null/],
    ['an array member', changed((s) => { s.properties.kind = { type: 'array' }; }), /kind has type array/],
    ['a member with no type', changed((s) => { s.properties.kind = {}; }), /kind has type unknown/],
    ['a nullable object', changed((s) => { s.properties.actor = { ...s.properties.actor, type: ['object', 'null'] }; }), /actor has type null or object/],
    ['an optional member', changed((s) => { s.required = s.required.filter((k) => k !== 'kind'); }), /the header has members that may be absent \(kind\)/],
    ['an optional actor member', changed((s) => { s.properties.actor = { ...s.properties.actor, required: ['runId'] }; }), /actor has members that may be absent \(activityId, activityType, workflowId\)/],
    ['extra members allowed', changed((s) => { s.properties.actor = { ...s.properties.actor, additionalProperties: true }; }), /actor allows members its schema does not name/],
    ['a header that is no object', { type: 'string' }, /the header is not an object/],
  ])('refuses a schema with %s', (_name, schema, message) => {
    expect(() => canonicalHeaderLayout(schema)).toThrow(message);
  });
});
