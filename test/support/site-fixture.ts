/**
 * Real syntheses for the site's tests, run by real workers on the test
 * Temporal server and written to the test database: one published (and
 * then, on request, retracted), one rejected by the policy, one waiting for
 * a human review. Each outcome comes from the publication policy the worker
 * is given, not from writing entries by hand.
 */
import type { Worker } from '@temporalio/worker';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { SEED_QUESTION } from '../../data/example-question';
import { runCorrection, startSynthesis, submitReview } from '../../runtime/temporal/synthesis-client';
import { synthesisTimelines } from '../../cli/commands/site-commands';
import { createSite, loadSynthesis, type SiteOptions } from '../../web';
import type { CorrectionType } from '../../schemas/correction-record.schema';
import { nextCorrection } from './correction-record';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from './workflow-harness';

/** The syntheses of the fixture and what runs them. */
export interface SiteFixture {
  h: WorkflowHarness;
  published: string;
  rejected: string;
  waiting: string;
  /** Builds a site over the test ledger with Temporal; options override the defaults. */
  site(options?: Partial<SiteOptions>): ReturnType<typeof createSite>;
  /** Records a correction of `published` of `type` through the correction workflow (the next manifest version). */
  correct(type: CorrectionType): Promise<void>;
  /** Records a RETRACTION of `published`. */
  retract(): Promise<void>;
  close(): Promise<void>;
}

/** The rejected synthesis asks a question with markup in it: every page must show it as text. */
export const MARKUP_QUESTION = `${SEED_QUESTION} <script>alert(1)</script> <img src=x onerror=alert(2)>`;

// A high revision threshold makes the tribunal ask for revision rounds, so the pages have rebuttals to show.
const PARAMS = { queries: 3, topK: 6, revisionThreshold: 9.5 };

/** Starts three workers (one per policy) and runs the three syntheses to their states. */
export async function openSiteFixture(tag: string): Promise<SiteFixture> {
  const h = await openHarness(tag);
  const queues = { approve: `${h.taskQueue}-approve`, reject: `${h.taskQueue}-reject`, human: `${h.taskQueue}-human` };
  const workers: Worker[] = await Promise.all([
    h.worker({ taskQueue: queues.approve, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true } }),
    h.worker({ taskQueue: queues.reject, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 11, humanReviewScore: 11 } }),
    h.worker({ taskQueue: queues.human, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 11, humanReviewScore: 0 } }),
  ]);
  const running = workers.map((w) => w.run());
  const published = newSynthesisId('site-pub');
  const rejected = newSynthesisId('site-rej');
  const waiting = newSynthesisId('site-wait');
  const start = (synthesisId: string, queue: string, humanReviewMs = FAST_TIMEOUTS.humanReviewMs, question = SEED_QUESTION) =>
    startSynthesis(h.env.client, { synthesisId, question, params: PARAMS, timeouts: { ...FAST_TIMEOUTS, humanReviewMs }, publisher: 'synthledger test site' }, queue);
  const [pub, rej] = await Promise.all([start(published, queues.approve), start(rejected, queues.reject, FAST_TIMEOUTS.humanReviewMs, MARKUP_QUESTION), start(waiting, queues.human, 15 * 60_000)]);
  const [pubSummary, rejSummary] = await Promise.all([pub.result() as Promise<SynthesisSummary>, rej.result() as Promise<SynthesisSummary>]);
  if (pubSummary.status !== 'PUBLISHED' || rejSummary.status !== 'REJECTED') throw new Error(`fixture: expected PUBLISHED and REJECTED, got ${pubSummary.status} and ${rejSummary.status}`);
  for (let i = 0; (await loadSynthesis(h.ledger, waiting).catch(() => null))?.status !== 'WAITING_FOR_REVIEW'; i++) {
    if (i > 300) throw new Error('fixture: the waiting synthesis never reached WAITING_FOR_REVIEW');
    await new Promise((r) => setTimeout(r, 200));
  }
  const correct = async (type: CorrectionType) => {
    const record = await nextCorrection(h.ledger, published, type, `${published}-${type.toLowerCase()}`);
    await runCorrection(h.env.client, published, record, { taskQueue: queues.approve, timeouts: FAST_TIMEOUTS });
  };
  return {
    h, published, rejected, waiting,
    site: (options = {}) => createSite({
      ledger: h.ledger, timelines: (id) => synthesisTimelines(h.env.client, h.ledger, id),
      submitReview: (id, d) => submitReview(h.env.client, id, d),
      ...options,
    }),
    correct,
    retract: () => correct('RETRACTION'),
    close: async () => {
      await h.env.client.workflow.getHandle(waiting).terminate('test finished').catch(() => undefined);
      workers.forEach((w) => w.shutdown());
      await Promise.all(running);
      await h.close();
    },
  };
}
