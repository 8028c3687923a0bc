/**
 * Syntheses measured on a development question set over the bundled corpus:
 * each question runs through the in-process pipeline (the same pure stages
 * as the workflow, offline providers) and is scored against the papers
 * judged relevant to it (eval/dev-questions.json).
 *
 * Per question: retrieval recall@10 (relevant papers among the ten sources
 * retained before any revision), the share of sources the answer cites that
 * are relevant, whether answerability was decided right (NO_EVIDENCE exactly
 * for the questions labelled unanswerable), the share of answer evidence
 * sentences whose citations check out, and the policy decision.
 */
import { ValidationError } from '../common/errors';
import { CorpusSource, loadCorpus } from '../activities/sources/corpus';
import { runPipelineInProcess } from '../activities/stages/run-pipeline-in-process';

/** One labelled development question. */
export interface DevQuestion {
  id: string;
  question: string;
  answerable: boolean;
  /** Corpus ids of the papers judged relevant. */
  relevant: string[];
}

/** What one synthesis scored. */
export interface QuestionFigures {
  id: string;
  answerable: boolean;
  answerability: string;
  answerabilityRight: boolean;
  /** null when the question has no relevant paper. */
  recallAt10: number | null;
  citedSources: number;
  citedRelevant: number;
  evidenceSentences: number;
  supportedSentences: number;
  policy: string;
}

/** Parses eval/dev-questions.json; throws INVALID_ARGUMENT naming the first bad field. */
export function parseDevQuestions(text: string): DevQuestion[] {
  const doc = JSON.parse(text) as { questions?: unknown };
  if (!Array.isArray(doc.questions)) throw ValidationError.single('INVALID_ARGUMENT', '$.questions', 'array', 'questions must be an array');
  return doc.questions.map((q: Partial<DevQuestion>, i: number) => {
    const bad = (field: string, message: string) => ValidationError.single('INVALID_ARGUMENT', `$.questions[${i}].${field}`, 'type', message);
    if (typeof q.id !== 'string') throw bad('id', 'id must be a string');
    if (typeof q.question !== 'string' || q.question.trim() === '') throw bad('question', 'question must be a non-empty string');
    if (typeof q.answerable !== 'boolean') throw bad('answerable', 'answerable must be a boolean');
    if (!Array.isArray(q.relevant) || !q.relevant.every((r) => typeof r === 'string')) throw bad('relevant', 'relevant must be an array of corpus ids');
    return { id: q.id, question: q.question, answerable: q.answerable, relevant: q.relevant };
  });
}

/** Runs every question through the in-process pipeline on the bundled corpus and scores it. */
export async function evaluateSyntheses(questions: readonly DevQuestion[]): Promise<QuestionFigures[]> {
  const papers = loadCorpus();
  const source = new CorpusSource(papers);
  const out: QuestionFigures[] = [];
  for (const q of questions) {
    const run = await runPipelineInProcess(q.question, source, { corpusSize: papers.length });
    const relevant = new Set(q.relevant);
    const firstTen = run.sources.slice(0, 10).map((s) => s.paper.id);
    const answer = run.answer;
    const evidence = answer.sentences.filter((s) => s.kind === 'evidence');
    const cited = new Set(evidence.flatMap((s) => s.citations).map((n) => run.sources[n - 1]?.paper.id).filter((x): x is string => x !== undefined));
    out.push({
      id: q.id,
      answerable: q.answerable,
      answerability: answer.answerability,
      answerabilityRight: (answer.answerability !== 'NO_EVIDENCE') === q.answerable,
      recallAt10: relevant.size === 0 ? null : firstTen.filter((id) => relevant.has(id)).length / relevant.size,
      citedSources: cited.size,
      citedRelevant: [...cited].filter((id) => relevant.has(id)).length,
      evidenceSentences: evidence.length,
      supportedSentences: evidence.filter((s) => s.supported === true).length,
      policy: run.policy,
    });
  }
  return out;
}

/** Totals over the questions: mean recall@10, pooled cited-source relevance, answerability accuracy, off-corpus share declared unanswerable, pooled supported share. */
export function synthesisTotals(rows: readonly QuestionFigures[]) {
  const withRecall = rows.filter((r) => r.recallAt10 !== null);
  const off = rows.filter((r) => !r.answerable);
  const cited = rows.reduce((n, r) => n + r.citedSources, 0);
  const evidence = rows.reduce((n, r) => n + r.evidenceSentences, 0);
  return {
    meanRecallAt10: withRecall.length === 0 ? Number.NaN : withRecall.reduce((s, r) => s + (r.recallAt10 as number), 0) / withRecall.length,
    citedRelevance: cited === 0 ? Number.NaN : rows.reduce((n, r) => n + r.citedRelevant, 0) / cited,
    answerabilityAccuracy: rows.length === 0 ? Number.NaN : rows.filter((r) => r.answerabilityRight).length / rows.length,
    offCorpusDeclaredUnanswerable: off.length === 0 ? Number.NaN : off.filter((r) => r.answerability === 'NO_EVIDENCE').length / off.length,
    supportedShare: evidence === 0 ? Number.NaN : rows.reduce((n, r) => n + r.supportedSentences, 0) / evidence,
  };
}
