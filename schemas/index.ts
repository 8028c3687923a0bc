/** Public contracts: JSON Schemas (2020-12), the types derived from them, and their validators. */
export { CONTRACT_SCHEMAS, assertContract, contractIssues, isContractName } from './contracts';
export type { ContractName } from './contracts';
export { entryHeaderSchema, actorSchema, ENTRY_HEADER_VERSION } from './entry-header.schema';
export type { EntryHeader, EntryActor } from './entry-header.schema';
export { paperManifestSchema } from './paper-manifest.schema';
export type { PaperManifest } from './paper-manifest.schema';
export { receiptSchema } from './receipt.schema';
export type { Receipt } from './receipt.schema';
export { correctionRecordSchema, CORRECTION_TYPES } from './correction-record.schema';
export type { CorrectionRecord, CorrectionType } from './correction-record.schema';
export { sourceProvenanceSchema } from './source-provenance.schema';
export type { SourceProvenance } from './source-provenance.schema';
export { PAPER_MANIFEST_SUBJECT } from './paper-manifest-subject';
