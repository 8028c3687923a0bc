/** Public contracts: JSON Schemas (2020-12), the types derived from them, and their validators. */
export { CONTRACT_SCHEMAS, assertContract, contractIssues, isContractName } from './contracts';
export type { ContractName } from './contracts';
export {
  PAPER_MANIFEST_CONTRACT, RECEIPT_CONTRACT, CORRECTION_RECORD_CONTRACT, SOURCE_PROVENANCE_CONTRACT, ENTRY_HEADER_CONTRACT, schemaId,
} from './contract-names';
export { TRIBUNAL_ROLES } from './tribunal-roles';
export type { TribunalRole } from './tribunal-roles';
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
