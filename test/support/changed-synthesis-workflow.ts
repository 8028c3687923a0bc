/**
 * A deliberately incompatible change of the workflows module, for the replay
 * test: `synthesisWorkflow` schedules one extra activity before today's code
 * runs, the kind of edit docs/VERSIONING.md says must go behind `patched()`.
 * Bundled on its own (workflowsPath); never registered with a real worker.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { SynthesisActivities } from '../../activities/synthesis-activities';
import type { SynthesisInput, SynthesisSummary } from '../../activities/synthesis-types';
import { synthesisWorkflow as todaysSynthesisWorkflow } from '../../workflows/synthesis-workflow';

export { correctionWorkflow } from '../../workflows/correction-workflow';

const { planQueries } = proxyActivities<SynthesisActivities>({ startToCloseTimeout: '1 minute' });

/** Today's synthesis workflow with an extra `planQueries` call inserted first (unpatched: breaks replay). */
export async function synthesisWorkflow(input: SynthesisInput): Promise<SynthesisSummary> {
  await planQueries({ synthesisId: input.synthesisId, question: input.question, queries: 1 });
  return todaysSynthesisWorkflow(input);
}
