/**
 * The bundle's RO-Crate 1.2 metadata file (`ro-crate-metadata.json`,
 * https://w3id.org/ro/crate/1.2), so RO-Crate tooling and data repositories
 * can ingest a bundle: every file as a data entity with its size, SHA-256
 * and media type, the synthesis as the root dataset, its sources as
 * contextual entities, and how each file was produced as Process Run Crate
 * actions (https://w3id.org/ro/wfrun/process/0.5): a `CreateAction` per
 * activity execution whose `instrument` is the activity, whose `result` is
 * the files it produced and whose `endTime` is when it recorded them, plus
 * one for the export. The pipeline's stages are a `HowTo` with a
 * `HowToStep` each.
 *
 * A pure function of the bundle's other files (manifest.json, and when
 * present evidence/index.json and evidence/stream.jsonl): the same bundle
 * gives the same bytes, so anyone can regenerate the file and compare. It is
 * a description, not evidence: no signature or hash covers it, and the
 * verifiers ignore it.
 */
import { ACTIVITY_CATALOGUE, activitySpec } from '../../activities/catalogue/activity-catalogue';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import { sha256 } from '../../ledger/core/hash';
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT, RECEIPT_CONTRACT, SOURCE_PROVENANCE_CONTRACT, schemaId } from '../../schemas/contract-names';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import type { SourceProvenance } from '../../schemas/source-provenance.schema';
import type { EvidenceIndex, EvidenceStreamLine } from './evidence-export';
import { EVIDENCE_PATHS } from './evidence-paths';

/** Name of the RO-Crate metadata file at the top of a bundle (RO-Crate 1.2 section "RO-Crate Metadata Document"). */
export const RO_CRATE_METADATA_FILE = 'ro-crate-metadata.json';
/** The RO-Crate specification the file conforms to. */
export const RO_CRATE_SPEC = 'https://w3id.org/ro/crate/1.2';
/** The RO-Crate 1.2 JSON-LD context, referenced by URL as the specification asks. */
export const RO_CRATE_CONTEXT = 'https://w3id.org/ro/crate/1.2/context';
/** The Process Run Crate profile whose terms describe how each file was produced. */
export const PROCESS_RUN_CRATE_PROFILE = 'https://w3id.org/ro/wfrun/process/0.5';

/** A JSON-LD node of the crate's `@graph`. */
export type CrateEntity = { '@id': string; '@type': string | string[] } & Record<string, unknown>;
/** The metadata document: the context and the flat graph. */
export interface RoCrateDocument {
  '@context': string;
  '@graph': CrateEntity[];
}

const ref = (id: string) => ({ '@id': id });
const SOFTWARE_ID = '#synthledger';
const PIPELINE_ID = '#pipeline';
const PUBLISHER_ID = '#publisher';
const LICENSE_ID = '#license';
const EXPORT_ACTION_ID = '#export';

/** Media types by file extension, for files the manifest does not type. */
const MEDIA_TYPES: Record<string, string> = {
  json: 'application/json', jsonl: 'application/jsonl', md: 'text/markdown', txt: 'text/plain', mjs: 'text/javascript',
};

/** What each kind of bundle file is, by path pattern (first match wins). */
const FILE_DESCRIPTIONS: Array<[RegExp, string, string?]> = [
  [/^manifest\.json$/, 'The published manifest: question, claims, sources, review, quality tier and the hash of every artifact.', schemaId(PAPER_MANIFEST_CONTRACT)],
  [/^receipt\.json$/, 'Proof that the manifest is in the ledger: its entry header, an RFC 9162 inclusion proof and a signed checkpoint of the log.', schemaId(RECEIPT_CONTRACT)],
  [/^public-key\.txt$/, 'The key the log says signed the checkpoint. Shown, never trusted: pin the publisher\'s key yourself (docs/VERIFYING.md).'],
  [/^verify-bundle\.mjs$/, 'The standalone verifier (Node.js 20, no dependencies): node verify-bundle.mjs <bundle> --trusted-key <key>.'],
  [/^evidence\/index\.json$/, 'Index of the evidence: the sources (shipped or withheld, and why) and every other evidence file with its SHA-256.'],
  [/^evidence\/stream\.jsonl$/, 'Every ledger entry of the synthesis under the receipt\'s checkpoint, one a line, with its exact payload and inclusion proof.'],
  [/^evidence\/sources\//, 'The exact text of a source, named by its content hash.'],
  [/^evidence\/rounds\/\d+\/report\.md$/, 'The draft report of a revision round.'],
  [/^evidence\/rounds\/\d+\/draft-state\.json$/, 'The inputs of a revision round\'s draft.'],
  [/^evidence\/rounds\/\d+\/review-[a-z-]+\.json$/, 'One tribunal role\'s review of a round\'s draft (the payload of its review.record entry).'],
  [/^evidence\/rounds\/\d+\/revision\.json$/, 'The point-by-point revision that followed a round\'s reviews.'],
  [/^evidence\/history\//, 'An archived Temporal workflow history, JCS({"events": [...]}), named by its SHA-256.'],
  [/^evidence\/corrections\//, 'A correction record, as its canonical payload bytes.', schemaId(CORRECTION_RECORD_CONTRACT)],
  [/^evidence\/consistency\//, 'An RFC 9162 consistency proof from an earlier version\'s checkpoint to this version\'s.'],
];

/** The pipeline's stages in order, from the activity catalogue, with their activities. */
function stages(): Array<{ stage: string; activities: string[] }> {
  const out: Array<{ stage: string; activities: string[] }> = [];
  for (const [name, spec] of Object.entries(ACTIVITY_CATALOGUE)) {
    const at = out.find((s) => s.stage === spec.stage);
    if (at) at.activities.push(name);
    else out.push({ stage: spec.stage, activities: [name] });
  }
  return out;
}

/** The entity id of a source: its locator when that is a web address, else a local identifier. */
function sourceEntityId(sourceId: string, locator: string | undefined): string {
  return locator !== undefined && /^https?:\/\//.test(locator) ? locator : `#source-${encodeURIComponent(sourceId)}`;
}

/** Parses the bundle's own JSON; the export wrote it, so a parse failure is a bug, not input to tolerate. */
function json<T>(files: ReadonlyMap<string, Uint8Array>, path: string): T | undefined {
  const bytes = files.get(path);
  return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString('utf8')) as T);
}

/** One activity execution that produced files. */
interface Execution { key: string; activityType: string; workflowId: string; runId: string; activityId: string; endTime: string; results: Set<string>; objects: Set<string> }

/**
 * Builds the RO-Crate metadata of a bundle from its files (bundle-relative
 * paths with `/`, the crate file itself excluded). Precondition: the files
 * are an export's (manifest.json present, and evidence/index.json and
 * evidence/stream.jsonl either both present or both absent).
 */
export function buildRoCrateMetadata(files: ReadonlyMap<string, Uint8Array>): RoCrateDocument {
  const manifest = json<PaperManifest>(files, 'manifest.json');
  if (!manifest) throw new Error('buildRoCrateMetadata: the bundle has no manifest.json');
  const index = json<EvidenceIndex>(files, EVIDENCE_PATHS.index);
  const streamText = files.get(EVIDENCE_PATHS.stream);
  const stream: EvidenceStreamLine[] = streamText === undefined ? [] : Buffer.from(streamText).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as EvidenceStreamLine);
  const paths = [...files.keys()].filter((p) => p !== RO_CRATE_METADATA_FILE).sort();

  // Sources: the provenance records in the stream when shipped, else the manifest's ids.
  const provenance = new Map<string, { record: SourceProvenance; line: EvidenceStreamLine }>();
  for (const l of stream) {
    if (l.header.contract !== SOURCE_PROVENANCE_CONTRACT) continue;
    const record = JSON.parse(l.payloadJson) as SourceProvenance;
    if (!provenance.has(record.sourceId)) provenance.set(record.sourceId, { record, line: l });
  }
  const indexed = new Map((index?.sources ?? []).map((s) => [s.sourceId, s]));
  const sourceIds = new Map<string, string>();
  const sourceEntities: CrateEntity[] = [];
  const seen = new Set<string>();
  for (const s of manifest.sources) {
    const p = provenance.get(s.sourceId)?.record;
    const id = sourceEntityId(s.sourceId, p?.locator ?? indexed.get(s.sourceId)?.locator);
    sourceIds.set(s.sourceId, id);
    // Two sources with one locator (one paper found twice) are one entity.
    if (seen.has(id)) continue;
    seen.add(id);
    const e: CrateEntity = { '@id': id, '@type': 'ScholarlyArticle', identifier: s.sourceId };
    if (p) {
      e.name = p.title;
      if (p.year !== null) e.datePublished = String(p.year);
      if (/^https?:\/\//.test(p.locator)) e.url = p.locator;
      else e.description = `Locator: ${p.locator}`;
      if (p.license) e.license = ref(p.license);
    } else {
      e.name = s.sourceId;
    }
    sourceEntities.push(e);
  }
  const licenses = [...new Set([...provenance.values()].map((p) => p.record.license).filter((l): l is string => typeof l === 'string'))].sort();

  // Which activity execution produced which file, from the stream entries that record them.
  const executions = new Map<string, Execution>();
  const producedBy = (path: string, line: EvidenceStreamLine | undefined, object?: string) => {
    if (!line || !files.has(path)) return;
    const a = line.header.actor;
    // An entry appended outside an activity names none: its file counts as the export's.
    if (a.activityType === null || a.workflowId === null || a.runId === null || a.activityId === null) return;
    const key = `${a.workflowId}/${a.runId}/${a.activityId}`;
    const x = executions.get(key) ?? { key, activityType: a.activityType, workflowId: a.workflowId, runId: a.runId, activityId: a.activityId, endTime: line.header.recordedAt, results: new Set<string>(), objects: new Set<string>() };
    if (line.header.recordedAt > x.endTime) x.endTime = line.header.recordedAt;
    x.results.add(path);
    if (object) x.objects.add(object);
    executions.set(key, x);
  };
  const payload = <T>(l: EvidenceStreamLine) => JSON.parse(l.payloadJson) as T;
  const manifestLine = stream.find((l) => l.header.payloadHash === index?.manifestHash);
  for (const name of ['manifest.json', 'receipt.json', ...manifest.artifacts.map((a) => a.name)]) producedBy(name, manifestLine);
  for (const s of index?.sources ?? []) {
    if (s.file) producedBy(s.file, provenance.get(s.sourceId)?.line, sourceIds.get(s.sourceId));
  }
  let corrections = 0;
  for (const l of stream) {
    const kind = l.header.kind;
    if (kind === ENTRY_KINDS.report) {
      const r = payload<{ round: number }>(l);
      producedBy(EVIDENCE_PATHS.roundReport(r.round), l);
      producedBy(EVIDENCE_PATHS.roundDraftState(r.round), l);
    } else if (kind === ENTRY_KINDS.review) {
      const r = payload<{ round: number; role: string }>(l);
      producedBy(EVIDENCE_PATHS.review(r.round, r.role), l);
    } else if (kind === ENTRY_KINDS.revision) {
      producedBy(EVIDENCE_PATHS.revision(payload<{ round: number }>(l).round), l);
    } else if (kind === ENTRY_KINDS.historyArchive) {
      producedBy(EVIDENCE_PATHS.history(payload<{ sha256: string }>(l).sha256), l);
    } else if (l.header.contract === CORRECTION_RECORD_CONTRACT) {
      producedBy(EVIDENCE_PATHS.correction(++corrections), l);
    }
  }
  const byActivity = new Set([...executions.values()].flatMap((x) => [...x.results]));
  const exported = paths.filter((p) => !byActivity.has(p));

  // Data entities: every file, and every directory (ids ending in '/', RO-Crate 1.2 section "Directory File Entity").
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/') + '/');
  }
  const parentOf = (id: string) => {
    const trimmed = id.endsWith('/') ? id.slice(0, -1) : id;
    const at = trimmed.lastIndexOf('/');
    return at < 0 ? './' : trimmed.slice(0, at + 1);
  };
  const children = (dir: string) => [...[...dirs].sort(), ...paths].filter((id) => parentOf(id) === dir).map(ref);
  const artifactTypes = new Map(manifest.artifacts.map((a) => [a.name, a.mediaType]));
  const sourceOfFile = new Map((index?.sources ?? []).filter((s) => s.file !== null).map((s) => [s.file!, s]));
  const fileEntities: CrateEntity[] = paths.map((p) => {
    const bytes = files.get(p)!;
    const [, description, conformsTo] = FILE_DESCRIPTIONS.find(([re]) => re.test(p)) ?? [null, manifest.artifacts.some((a) => a.name === p) ? 'An artifact of the published synthesis, listed in the manifest with its SHA-256.' : 'A file of the bundle.'];
    const e: CrateEntity = {
      '@id': p, '@type': 'File', name: p.slice(p.lastIndexOf('/') + 1), description,
      contentSize: String(bytes.length), sha256: sha256(bytes).slice('sha256:'.length),
      encodingFormat: artifactTypes.get(p) ?? MEDIA_TYPES[p.slice(p.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    };
    if (conformsTo) e.conformsTo = ref(conformsTo);
    const source = sourceOfFile.get(p);
    if (source) {
      e.about = ref(sourceIds.get(source.sourceId) ?? sourceEntityId(source.sourceId, source.locator));
      e.wasDerivedFrom = ref(sourceIds.get(source.sourceId) ?? sourceEntityId(source.sourceId, source.locator));
      if (source.license) e.license = ref(source.license);
    }
    return e;
  });
  const dirEntities: CrateEntity[] = [...dirs].sort().map((d) => ({ '@id': d, '@type': 'Dataset', name: d.slice(0, -1).slice(d.slice(0, -1).lastIndexOf('/') + 1), hasPart: children(d) }));

  // Provenance: the software, its activities, the pipeline's stages, one action per execution that produced files, and the export.
  const usedActivities = [...new Set([...executions.values()].map((x) => x.activityType))].sort();
  const activityEntities: CrateEntity[] = usedActivities.map((name) => ({
    '@id': `#activity-${name}`, '@type': 'SoftwareApplication', name,
    description: activitySpec(name)?.runsStages
      ? `The Temporal activity ${name} of ${manifest.pipeline.name} ${manifest.pipeline.version}, which ran stages of the synthesis in one call; the history's record of it lists each stage call.`
      : `The Temporal activity ${name}${activitySpec(name) ? ` (stage ${activitySpec(name)!.stage})` : ''} of ${manifest.pipeline.name} ${manifest.pipeline.version}.`,
    isPartOf: ref(SOFTWARE_ID),
  }));
  const actionEntities: CrateEntity[] = [...executions.values()].sort((a, b) => (a.endTime === b.endTime ? (a.key < b.key ? -1 : 1) : a.endTime < b.endTime ? -1 : 1)).map((x) => {
    const e: CrateEntity = {
      '@id': `#run-${encodeURIComponent(x.key)}`, '@type': 'CreateAction', name: `${x.activityType} (${x.activityId})`,
      description: `Activity ${x.activityId} of Temporal workflow ${x.workflowId}, run ${x.runId}; the files are the ones its ledger entries record.`,
      identifier: x.key, instrument: ref(`#activity-${x.activityType}`), agent: ref(PUBLISHER_ID), endTime: x.endTime, actionStatus: ref('http://schema.org/CompletedActionStatus'),
      result: [...x.results].sort().map(ref),
    };
    if (x.objects.size > 0) e.object = [...x.objects].sort().map(ref);
    return e;
  });
  if (exported.length > 0) {
    actionEntities.push({
      '@id': EXPORT_ACTION_ID, '@type': 'CreateAction', name: 'synthledger export',
      description: 'The export of the published version from the ledger: the files that no single activity produced (the stream with proofs, indexes, proofs, the key and the verifier).',
      instrument: ref(SOFTWARE_ID), agent: ref(PUBLISHER_ID), actionStatus: ref('http://schema.org/CompletedActionStatus'), result: exported.map(ref),
    });
  }
  const stageSteps: CrateEntity[] = stages().map((s, i) => ({
    '@id': `#stage-${s.stage}`, '@type': 'HowToStep', position: i + 1, name: s.stage,
    description: `Stage ${s.stage}: ${s.activities.join(', ')}.`,
  }));

  const root: CrateEntity = {
    '@id': './', '@type': 'Dataset',
    name: manifest.researchQuestion,
    alternateName: manifest.title,
    description: `Research synthesis ${manifest.synthesisId}, version ${manifest.manifestVersion}: ${manifest.claims.length} claims from ${manifest.sources.length} sources, `
      + `review score ${manifest.review.score} (${manifest.review.decision}), quality tier ${manifest.qualityTier.tier}, correction status ${manifest.correction.status}. `
      + 'A bundle verifiable offline against the publisher\'s key (docs/VERIFYING.md); this metadata file is a description, covered by no signature.',
    identifier: manifest.synthesisId,
    version: String(manifest.manifestVersion),
    datePublished: manifest.publishedAt,
    license: ref(LICENSE_ID),
    author: ref(PUBLISHER_ID),
    publisher: ref(PUBLISHER_ID),
    conformsTo: ref(PROCESS_RUN_CRATE_PROFILE),
    mainEntity: ref(manifest.artifacts[0]!.name),
    citation: sourceEntities.map((s) => ref(s['@id'])),
    mentions: actionEntities.map((a) => ref(a['@id'])),
    hasPart: children('./'),
  };
  const graph: CrateEntity[] = [
    { '@id': RO_CRATE_METADATA_FILE, '@type': 'CreativeWork', about: ref('./'), conformsTo: ref(RO_CRATE_SPEC) },
    root,
    ...dirEntities,
    ...fileEntities,
    { '@id': PUBLISHER_ID, '@type': 'Organization', name: manifest.publisher },
    {
      '@id': LICENSE_ID, '@type': 'CreativeWork', name: 'No licence stated',
      description: 'The manifest states no licence for the synthesis. Each shipped source text keeps its own licence (its licence property and evidence/index.json); '
        + (licenses.length > 0 ? `the sources name ${licenses.join(', ')}.` : 'the sources name none.') + ' Ask the publisher before reuse.',
    },
    { '@id': SOFTWARE_ID, '@type': 'SoftwareApplication', name: manifest.pipeline.name, version: manifest.pipeline.version, description: 'Durable, audited research syntheses on Temporal with an append-only, verifiable ledger.' },
    {
      '@id': PIPELINE_ID, '@type': 'HowTo', name: `${manifest.pipeline.name} ${manifest.pipeline.version} synthesis pipeline`,
      description: `The stages of the pipeline, each run as Temporal activities of workflow ${manifest.workflow.workflowId} (task queue ${manifest.workflow.taskQueue}); parameters hashed as ${manifest.pipeline.configHash}.`,
      step: stageSteps.map((s) => ref(s['@id'])),
    },
    ...stageSteps,
    ...activityEntities,
    ...actionEntities,
    ...sourceEntities,
    ...licenses.map((l): CrateEntity => ({ '@id': l, '@type': 'CreativeWork', name: l })),
  ];
  return { '@context': RO_CRATE_CONTEXT, '@graph': graph };
}

/** The bytes of `ro-crate-metadata.json` for a bundle's files: {@link buildRoCrateMetadata}, pretty-printed. */
export function roCrateMetadataJson(files: ReadonlyMap<string, Uint8Array>): string {
  return JSON.stringify(buildRoCrateMetadata(files), null, 2) + '\n';
}
