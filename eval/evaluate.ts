/**
 * `npm run eval`: measures claim verification and writes EVALUATION.md.
 *
 * Usage: npm run eval -- [--scifact FILE] [--out FILE]
 *   --scifact  SciFact-style JSON lines (default: shared/eval/scifact-dev.jsonl
 *              beside the project, i.e. ../shared/eval/ from the project root,
 *              or the nearest ancestor directory that has it)
 *   --out      where to write the Markdown report (default EVALUATION.md in the project root)
 *
 * Prints one line `supported-vs-contradicted AUC: 0.xx` (the offline
 * verifier on all rows) among its figures. With `SYNTHLEDGER_CHAT_*` set it
 * also measures the model verifier (the chat entailment judge, entail.v1);
 * without, EVALUATION.md says it was not measured. When the file is missing it says
 * why and skips that part. Output is deterministic: no clock, no randomness.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { sha256 } from '../ledger/core/hash';
import { ChatEntailmentJudge } from '../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../activities/providers/openai-compatible-client';
import { parseProviderConfig } from '../activities/providers/provider-config';
import { renderSciFactSection, renderSynthesisSection } from './render-evaluation';
import { evaluateSyntheses, parseDevQuestions, synthesisTotals } from './synthesis-evaluation';
import { parseSciFact } from './scifact-evaluation';
import { sciFactResults } from './scifact-run';

const PROJECT_ROOT = resolve(__dirname, '..');
const DATA_FILE = join('shared', 'eval', 'scifact-dev.jsonl');
/** The labelled question sets: rules were chosen on the development set; the held-out set was written before and only measured. */
const QUESTION_SETS = [
  { file: 'dev-questions.json', kind: 'development' },
  { file: 'heldout-questions.json', kind: 'held-out' },
] as const;

/** The default SciFact file: `../shared/eval/scifact-dev.jsonl` from the project root, else the nearest ancestor's. */
export function defaultSciFactPath(root: string = PROJECT_ROOT): string {
  const first = resolve(root, '..', DATA_FILE);
  for (let dir = resolve(root, '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, DATA_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return first;
  }
}

function parseArgs(argv: readonly string[]): { scifact: string; out: string } {
  let scifact = defaultSciFactPath();
  let out = join(PROJECT_ROOT, 'EVALUATION.md');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return resolve(v);
    };
    if (a === '--scifact') scifact = value();
    else if (a === '--out') out = value();
    else throw new Error(`unknown argument ${a}; usage: npm run eval -- [--scifact FILE] [--out FILE]`);
  }
  return { scifact, out };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sections: string[] = ['# Evaluation', '', 'Written by `npm run eval` (eval/evaluate.ts). Deterministic: rerunning on the same data writes the same file.', ''];
  if (!existsSync(args.scifact)) {
    const why = `SciFact file not found at ${args.scifact}; skipping claim verification (pass --scifact FILE).`;
    console.log(why);
    sections.push('## Claim verification (SciFact)', '', `Not measured: ${why}`, '');
  } else {
    const text = readFileSync(args.scifact, 'utf8');
    const rows = parseSciFact(text);
    const { results, modelLine } = await sciFactResults(rows, chatJudgeFromEnv());
    const main = results[0];
    console.log(`SciFact: ${rows.length} claims from ${relative(process.cwd(), args.scifact) || args.scifact}`);
    for (const r of results) {
      console.log(`\n${r.verifier.name}`);
      console.log(`  supported-vs-contradicted AUC: all ${fmt(r.all.supportedVsContradictedAuc)}, tune ${fmt(r.tune.supportedVsContradictedAuc)}, held-out ${fmt(r.heldOut.supportedVsContradictedAuc)}`);
      console.log(`  right-vs-wrong source AUC: ${fmt(r.all.rightVsWrongAuc)} (score), ${fmt(r.all.rightVsWrongAttachmentAuc)} (attachment)`);
      console.log(`  pass rates: supported ${pct(r.all.passRates.supported)}, contradicted ${pct(r.all.passRates.contradicted)}, wrong source ${pct(r.all.passRates.wrongSource)}`);
      for (const gold of Object.keys(r.all.confusion) as Array<keyof typeof r.all.confusion>) {
        const c = r.all.confusion[gold];
        console.log(`  ${gold.padEnd(13)} SUPPORTS ${c.SUPPORTS}  REFUTES ${c.REFUTES}  NOT_ENOUGH_INFO ${c.NOT_ENOUGH_INFO}`);
      }
    }
    console.log(`\n${modelLine}`);
    console.log(`\nsupported-vs-contradicted AUC: ${fmt(main.all.supportedVsContradictedAuc)}`);
    sections.push(...renderSciFactSection(results, { file: DATA_FILE, sha256: sha256(text), rows: rows.length }, modelLine));
  }
  for (const set of QUESTION_SETS) {
    const rows = await evaluateSyntheses(parseDevQuestions(readFileSync(join(__dirname, set.file), 'utf8')));
    const totals = synthesisTotals(rows);
    console.log(`\nsyntheses over the bundled corpus: ${rows.length} ${set.kind} questions (eval/${set.file})`);
    for (const r of rows) console.log(`  ${r.id.padEnd(28)} ${r.answerability.padEnd(12)} recall@10 ${r.recallAt10 === null ? 'n/a ' : fmt(r.recallAt10)}  cited relevant ${r.citedRelevant}/${r.citedSources}  supported ${r.supportedSentences}/${r.evidenceSentences}  ${r.policy}`);
    console.log(`  mean recall@10 ${fmt(totals.meanRecallAt10)}; cited-source relevance ${pct(totals.citedRelevance)}; answerability accuracy ${pct(totals.answerabilityAccuracy)}; off-corpus declared unanswerable ${pct(totals.offCorpusDeclaredUnanswerable)}; answer sentences supported ${pct(totals.supportedShare)}`);
    sections.push(...renderSynthesisSection(rows, `eval/${set.file}`, set.kind));
  }
  writeFileSync(args.out, sections.join('\n').replace(/\n+$/, '') + '\n');
  console.log(`wrote ${relative(process.cwd(), args.out) || args.out}`);
}

/** The chat entailment judge when `SYNTHLEDGER_CHAT_*` configures a chat endpoint (CONFIG_INVALID names a bad variable), else undefined. */
function chatJudgeFromEnv(): ChatEntailmentJudge | undefined {
  const { chat } = parseProviderConfig(process.env);
  return chat ? new ChatEntailmentJudge(new OpenAiCompatibleClient({ ...chat })) : undefined;
}

function fmt(x: number): string {
  return Number.isNaN(x) ? 'n/a' : x.toFixed(2);
}

function pct(x: number): string {
  return Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
