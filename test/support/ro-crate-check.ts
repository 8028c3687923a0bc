/**
 * Checks an RO-Crate metadata document offline, against the RO-Crate 1.2
 * context and the rules of the specification and of the Process Run Crate
 * profile that our crates claim. Two independent checks:
 *
 *  1. the `ro-crate` package's own `Validator` (the one behind its `rocval`
 *     command), with its one network fetch (the context URL) answered from
 *     the copy of the 1.2 context the package ships, and any other fetch
 *     refused;
 *  2. the rules below, each reported with the entity it concerns: every
 *     property and type is a term of the 1.2 context, every local reference
 *     resolves, every bundle file is a data entity with its true size and
 *     SHA-256 reachable from the root by `hasPart`, and every action names
 *     an instrument, an agent and results that exist.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE = join(__dirname, '..', '..', 'node_modules', 'ro-crate');
/** The RO-Crate 1.2 JSON-LD context document, as the `ro-crate` package ships it. */
export const RO_CRATE_12_CONTEXT = JSON.parse(readFileSync(join(PACKAGE, 'lib', 'context.json'), 'utf8')) as { '@id': string; version: string; '@context': Record<string, unknown> };

type Entity = Record<string, unknown> & { '@id': string; '@type': string | string[] };
type Doc = { '@context': unknown; '@graph': Entity[] };

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const refs = (v: unknown): string[] => asArray(v as unknown[]).flatMap((x) => (x && typeof x === 'object' && typeof (x as { '@id'?: unknown })['@id'] === 'string' ? [(x as { '@id': string })['@id']] : []));

/** Runs the `ro-crate` package's Validator; returns its results that are errors or warnings. */
export async function packageValidatorProblems(doc: Doc): Promise<Array<{ id: string; status: string; message: string }>> {
  const realFetch = globalThis.fetch;
  const offline = (async (url: string | URL) => {
    if (String(url) !== RO_CRATE_12_CONTEXT['@id']) throw new Error(`unexpected network fetch of ${String(url)}`);
    return new Response(JSON.stringify(RO_CRATE_12_CONTEXT), { status: 200, headers: { 'content-type': 'application/ld+json' } });
  }) as typeof fetch;
  globalThis.fetch = offline;
  try {
    let validator: { Validator: new () => { parseJSON(j: string): void; validate(): Promise<boolean>; results: Array<{ id: string; status: string; message: string }> } } | undefined;
    // The module captures globalThis.fetch when it loads: load it now, with the offline fetch in place.
    jest.isolateModules(() => {
      validator = require(join(PACKAGE, 'lib', 'validator.js')); // eslint-disable-line @typescript-eslint/no-require-imports
    });
    const v = new validator!.Validator();
    v.parseJSON(JSON.stringify(doc));
    const ran = await v.validate();
    if (!ran) return [{ id: 'notParsed', status: 'error', message: 'the validator could not parse the crate' }];
    return v.results.filter((r) => r.status !== 'success');
  } finally {
    globalThis.fetch = realFetch;
  }
}

/**
 * The rules of RO-Crate 1.2 and the Process Run Crate profile that the
 * package's validator does not check; `files` are the bundle's files by
 * relative path (the crate file itself excluded). Returns one line per
 * problem, empty when the crate satisfies them all.
 */
export function crateRuleProblems(doc: Doc, files: ReadonlyMap<string, Uint8Array>): string[] {
  const problems: string[] = [];
  const terms = RO_CRATE_12_CONTEXT['@context'];
  if (doc['@context'] !== RO_CRATE_12_CONTEXT['@id']) problems.push(`@context is ${JSON.stringify(doc['@context'])}, not the 1.2 context by reference`);
  const byId = new Map<string, Entity>();
  for (const e of doc['@graph']) {
    if (byId.has(e['@id'])) problems.push(`${e['@id']}: two entities with this @id`);
    byId.set(e['@id'], e);
  }
  for (const e of doc['@graph']) {
    for (const t of asArray(e['@type'])) if (!(t in terms)) problems.push(`${e['@id']}: type ${t} is not a term of the 1.2 context`);
    for (const k of Object.keys(e)) if (!k.startsWith('@') && !(k in terms)) problems.push(`${e['@id']}: property ${k} is not a term of the 1.2 context`);
    for (const r of Object.entries(e).flatMap(([k, v]) => (k.startsWith('@') ? [] : refs(v)))) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(r) && !byId.has(r)) problems.push(`${e['@id']}: reference ${r} names no entity of the crate`);
    }
  }
  const descriptor = byId.get('ro-crate-metadata.json');
  if (!descriptor || !refs(descriptor.conformsTo).includes('https://w3id.org/ro/crate/1.2') || refs(descriptor.about)[0] !== './') {
    problems.push('ro-crate-metadata.json: the metadata descriptor must be about ./ and conform to https://w3id.org/ro/crate/1.2');
  }
  const root = byId.get('./');
  if (!root) return [...problems, 'no root data entity ./'];
  for (const p of ['name', 'description', 'datePublished', 'license']) if (root[p] === undefined) problems.push(`./: root data entity lacks ${p}`);
  if (!refs(root.conformsTo).includes('https://w3id.org/ro/wfrun/process/0.5')) problems.push('./: root does not conform to the Process Run Crate profile it follows');

  // Every file a data entity with its true size and hash, reachable from the root through hasPart.
  const reachable = new Set<string>();
  const walk = (id: string) => {
    for (const c of refs(byId.get(id)?.hasPart)) if (!reachable.has(c)) { reachable.add(c); walk(c); }
  };
  walk('./');
  for (const [path, bytes] of files) {
    const e = byId.get(path);
    if (!e) { problems.push(`${path}: no data entity`); continue; }
    if (!asArray(e['@type']).includes('File')) problems.push(`${path}: not typed File`);
    if (e.contentSize !== String(bytes.length)) problems.push(`${path}: contentSize ${String(e.contentSize)} is not ${bytes.length}`);
    if (e.sha256 !== createHash('sha256').update(bytes).digest('hex')) problems.push(`${path}: sha256 does not match the file`);
    if (typeof e.encodingFormat !== 'string') problems.push(`${path}: no encodingFormat`);
    if (!reachable.has(path)) problems.push(`${path}: not reachable from ./ by hasPart`);
  }
  for (const e of doc['@graph']) {
    if (asArray(e['@type']).includes('File') && !files.has(e['@id'])) problems.push(`${e['@id']}: a File entity for a file the bundle does not hold`);
    if (!asArray(e['@type']).includes('CreateAction')) continue;
    // Process Run Crate: the action names the software it ran (instrument), what it produced (result) and who ran it (agent).
    const instrument = refs(e.instrument).map((r) => byId.get(r));
    if (instrument.length !== 1 || !instrument.every((i) => i && asArray(i['@type']).includes('SoftwareApplication'))) problems.push(`${e['@id']}: instrument is not one SoftwareApplication`);
    if (refs(e.result).length === 0) problems.push(`${e['@id']}: no result`);
    const agents = refs(e.agent).map((r) => byId.get(r));
    if (agents.length === 0 || !agents.every((a) => a && asArray(a['@type']).some((t) => t === 'Person' || t === 'Organization'))) problems.push(`${e['@id']}: agent is not a Person or Organization`);
    if (!refs(root.mentions).includes(e['@id'])) problems.push(`${e['@id']}: the root does not mention the action`);
  }
  return problems;
}
