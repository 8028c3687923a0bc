/**
 * The Temporal floor of a synthesis (bench/workflow-bench.ts): a workflow
 * that schedules the same waves of activity calls as a recorded synthesis
 * history (bench/workflow-shape.ts), in the same order and parallel groups,
 * regular or local as the shape says, but whose activities do nothing. Its
 * latency is what Temporal's round trips alone cost that shape on this
 * machine. Bundled on its own for a bench worker; deterministic.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { FloorWave } from './workflow-shape';

type NoOp = () => Promise<null>;

const regular = proxyActivities<Record<string, NoOp>>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<Record<string, NoOp>>({ startToCloseTimeout: '1 minute' });

/** Runs `waves` one after another, the calls of each wave at once; returns the number of calls. */
export async function floorWorkflow(waves: FloorWave[]): Promise<number> {
  let calls = 0;
  for (const wave of waves) {
    await Promise.all(wave.map((c) => (c.local ? local : regular)[c.activityType]!()));
    calls += wave.length;
  }
  return calls;
}
