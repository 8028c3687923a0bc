/** JSON Schema of `paper-manifest-v1.1` (DESIGN 4.2): one published version of one synthesis. */
import type { FromSchema } from 'json-schema-to-ts';
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT, SOURCE_PROVENANCE_CONTRACT, schemaId } from './contract-names';
import { TRIBUNAL_ROLES } from './tribunal-roles';
import { correctionStatusSchema, hashSchema, levelSchema, nullableHashSchema, timestampSchema } from './common-defs';

const str = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const score = { type: 'number', minimum: 0, maximum: 10 } as const;
const tokensSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['input', 'output'],
  properties: { input: { type: 'integer', minimum: 0 }, output: { type: 'integer', minimum: 0 } },
} as const;

export const paperManifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId(PAPER_MANIFEST_CONTRACT),
  title: PAPER_MANIFEST_CONTRACT,
  type: 'object',
  additionalProperties: false,
  required: ['contract', 'manifestVersion', 'synthesisId', 'previousManifestHash', 'title', 'researchQuestion',
    'publishedAt', 'publisher', 'pipeline', 'workflow', 'review', 'verification', 'qualityTier', 'qualityDimensions',
    'claims', 'sources', 'correction', 'provenance', 'artifacts', 'ledger'],
  properties: {
    contract: { const: PAPER_MANIFEST_CONTRACT },
    manifestVersion: { type: 'integer', minimum: 1 },
    synthesisId: str(200),
    previousManifestHash: nullableHashSchema,
    title: str(1000),
    researchQuestion: str(2000),
    publishedAt: timestampSchema,
    publisher: str(300),
    pipeline: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version', 'configHash', 'parameters', 'providers'],
      properties: {
        name: str(100),
        version: str(50),
        configHash: hashSchema,
        parameters: {
          type: 'object',
          additionalProperties: false,
          required: ['queries', 'topK', 'tfidfNgrams', 'threshold', 'embeddingModel', 'embeddingDim', 'tribunalRoles',
            'revisionThreshold', 'maxRounds', 'source'],
          properties: {
            queries: { type: 'integer', minimum: 1 },
            topK: { type: 'integer', minimum: 1 },
            tfidfNgrams: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1 },
            threshold: { type: 'number', minimum: 0, maximum: 1 },
            embeddingModel: str(200),
            embeddingDim: { type: 'integer', minimum: 1 },
            tribunalRoles: { type: 'array', items: { type: 'string', enum: TRIBUNAL_ROLES } },
            revisionThreshold: score,
            maxRounds: { type: 'integer', minimum: 0, maximum: 2 },
            source: str(100),
          },
        },
        providers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['role', 'provider', 'model', 'deterministic'],
            properties: { role: str(100), provider: str(100), model: str(200), deterministic: { type: 'boolean' } },
          },
        },
      },
    },
    workflow: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'workflowId', 'runId', 'taskQueue', 'historyDigest'],
      properties: {
        namespace: str(200),
        workflowId: str(200),
        runId: str(200),
        taskQueue: str(200),
        historyDigest: {
          type: 'object',
          additionalProperties: false,
          required: ['lastEventId', 'sha256'],
          properties: { lastEventId: { type: 'integer', minimum: 1 }, sha256: hashSchema },
        },
      },
    },
    review: {
      type: 'object',
      additionalProperties: false,
      required: ['score', 'method', 'roles', 'revisionRounds', 'decision', 'policy'],
      properties: {
        score,
        method: str(300),
        roles: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['role', 'score', 'verdict', 'recordHash'],
            properties: { role: { type: 'string', enum: TRIBUNAL_ROLES }, score, verdict: str(50), recordHash: hashSchema },
          },
        },
        revisionRounds: { type: 'integer', minimum: 0 },
        decision: { type: 'string', enum: ['AUTO_APPROVE', 'HUMAN_APPROVED', 'HUMAN_REJECTED', 'TIMEOUT_APPROVED', 'TIMEOUT_REJECTED', 'REJECT'] },
        policy: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'configHash', 'outcome'],
          properties: {
            name: str(100),
            configHash: hashSchema,
            outcome: { type: 'string', enum: ['AUTO_APPROVE', 'HUMAN_REVIEW', 'REJECT'] },
            reviewer: { type: ['string', 'null'], maxLength: 300 },
            note: { type: ['string', 'null'], maxLength: 5000 },
          },
        },
      },
    },
    verification: {
      type: 'object',
      additionalProperties: false,
      required: ['level', 'label', 'claimsExtracted', 'claimsVerified', 'threshold'],
      properties: {
        level: { type: 'string', enum: ['L0', 'L1', 'L2', 'L3', 'L4'] },
        label: str(200),
        claimsExtracted: { type: 'integer', minimum: 0 },
        claimsVerified: { type: 'integer', minimum: 0 },
        threshold: { type: 'number', minimum: 0, maximum: 1 },
        // Optional (docs/adr/0017-entailment-methods-and-answer-checks-in-the-manifest.md): the answer's evidence sentences and how many passed their checks, by which methods.
        answer: {
          type: 'object',
          additionalProperties: false,
          required: ['sentences', 'supported', 'unsupported', 'methods'],
          properties: {
            sentences: { type: 'integer', minimum: 0 },
            supported: { type: 'integer', minimum: 0 },
            unsupported: { type: 'integer', minimum: 0 },
            methods: { type: 'array', items: str(200), minItems: 1 },
          },
        },
      },
    },
    qualityTier: {
      type: 'object',
      additionalProperties: false,
      required: ['tier', 'basis'],
      properties: { tier: { type: 'string', enum: ['DOI-grade', 'Watchlist', 'Withdrawn'] }, basis: str(2000) },
    },
    qualityDimensions: {
      type: 'object',
      additionalProperties: false,
      required: ['evidenceStrength', 'citationGrounding', 'uncertaintyDisclosure', 'reproducibilityStatus'],
      properties: {
        evidenceStrength: levelSchema,
        citationGrounding: levelSchema,
        uncertaintyDisclosure: levelSchema,
        reproducibilityStatus: levelSchema,
      },
    },
    claims: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['claimId', 'text', 'verified', 'confidence', 'sourceIds', 'recordHash'],
        properties: {
          claimId: str(200),
          text: str(5000),
          verified: { type: 'boolean' },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          sourceIds: { type: 'array', items: str(300), minItems: 1 },
          recordHash: hashSchema,
        },
      },
    },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sourceId', 'provenanceHash'],
        properties: { sourceId: str(300), provenanceHash: hashSchema },
      },
    },
    correction: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'count', 'contract', 'records'],
      properties: {
        status: correctionStatusSchema,
        count: { type: 'integer', minimum: 0 },
        contract: { const: CORRECTION_RECORD_CONTRACT },
        records: { type: 'array', items: hashSchema },
      },
    },
    provenance: {
      type: 'object',
      additionalProperties: false,
      required: ['publicLevel', 'label', 'contract', 'claimLineage', 'reviewMethod', 'externalRecord'],
      properties: {
        publicLevel: { type: 'string', enum: ['L1', 'L2', 'L3', 'L4'] },
        label: str(200),
        contract: { const: SOURCE_PROVENANCE_CONTRACT },
        claimLineage: str(500),
        reviewMethod: str(300),
        externalRecord: { type: ['string', 'null'], maxLength: 500 },
      },
    },
    artifacts: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'mediaType', 'bytes', 'sha256'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' },
          mediaType: str(100),
          bytes: { type: 'integer', minimum: 0 },
          sha256: hashSchema,
        },
      },
    },
    ledger: {
      type: 'object',
      additionalProperties: false,
      required: ['logOrigin', 'streamHead', 'entryCount'],
      properties: { logOrigin: str(300), streamHead: hashSchema, entryCount: { type: 'integer', minimum: 1 } },
    },
    accounting: {
      type: 'object',
      additionalProperties: false,
      required: ['durationMs', 'tokens'],
      properties: {
        durationMs: { type: 'integer', minimum: 0 },
        tokens: { type: 'object', additionalProperties: tokensSchema },
      },
    },
  },
} as const;

/** A `paper-manifest-v1.1` document. */
export type PaperManifest = FromSchema<typeof paperManifestSchema>;
