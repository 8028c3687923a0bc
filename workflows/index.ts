/** The workflows registered with the worker, and their message definitions. */
export { synthesisWorkflow } from './synthesis-workflow';
export { correctionWorkflow } from './correction-workflow';
export type { CorrectionInput, CorrectionResult } from './correction-workflow';
export { progressQuery, summaryQuery, reviewUpdate } from './definitions';
