/**
 * Pipeline benchmark (`npm run bench:pipeline`, `--quick` for a smoke run).
 *
 * In process, without Temporal or a ledger, at corpus sizes 120 (the bundled
 * corpus), 10^4 and 10^5 documents, it times the two stages whose cost could
 * grow with the corpus:
 *
 *  1. search: building the BM25 index (`new CorpusSource(papers)`, i.e.
 *     `Bm25Index` plus the id map) and answering the 4 query variants that
 *     `planQueries` plans for the seed question (`CorpusSource.search`, limit
 *     10, as the workflow's searchSources activity calls it);
 *  2. claim verification: `verifyClaims` over the claims `extractClaims`
 *     takes from the top-K (10) sources merged from those 4 rankings.
 *
 * The large corpora are synthetic and deterministic (fixed seed): the 120
 * bundled papers plus documents whose abstracts recombine sentences drawn
 * from random bundled abstracts (each document takes the sentence count of a
 * random bundled abstract, so lengths follow the real distribution) and whose
 * titles join the first half of one bundled title to the second half of
 * another, with a running number so titles (and ids) stay unique.
 *
 * It prints tables and, on a full run, rewrites the `## Pipeline` section of
 * BENCHMARKS.md.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { Claim, Paper, RankedPaper } from '../activities/model';
import { CorpusSource, loadCorpus } from '../activities/sources/corpus';
import { extractClaims } from '../activities/stages/extract-claims';
import { mergeSources } from '../activities/stages/merge-sources';
import { DEFAULT_PIPELINE_PARAMETERS } from '../activities/stages/pipeline-parameters';
import { planQueries } from '../activities/stages/plan-queries';
import { verifyClaims } from '../activities/stages/verify-claims';
import { createReport, fmtInt, fmtMs, fmtNum, markdownTable, mean, median, nowMs, percentile, recordBenchmarksSection, runBench } from './bench-support';
import { SYNTHETIC_CORPUS_SEED, syntheticCorpus } from './synthetic-corpus';
import { SEED_QUESTION } from '../data/example-question';

const QUICK = process.argv.includes('--quick');
const COMMAND = `npm run bench:pipeline${QUICK ? ' -- --quick' : ''}`;
/** The seed question (seeds/001, also the demo's question). */
const SEED = SYNTHETIC_CORPUS_SEED;

/** Per corpus size: index builds (median reported), rounds over the 4 queries, verification repeats. */
interface SizePlan { size: number; builds: number; queryRounds: number; verifyRepeats: number }
const PLANS: SizePlan[] = QUICK
  ? [
    { size: 120, builds: 5, queryRounds: 50, verifyRepeats: 20 },
    { size: 1_000, builds: 3, queryRounds: 20, verifyRepeats: 10 },
    { size: 10_000, builds: 1, queryRounds: 10, verifyRepeats: 5 },
  ]
  : [
    { size: 120, builds: 20, queryRounds: 200, verifyRepeats: 50 },
    { size: 10_000, builds: 3, queryRounds: 50, verifyRepeats: 20 },
    { size: 100_000, builds: 2, queryRounds: 20, verifyRepeats: 20 },
  ];

const LIMIT = DEFAULT_PIPELINE_PARAMETERS.perQueryLimit;
const TOP_K = DEFAULT_PIPELINE_PARAMETERS.topK;
const MAX_CLAIMS = DEFAULT_PIPELINE_PARAMETERS.maxClaimsPerSource;
const THRESHOLD = DEFAULT_PIPELINE_PARAMETERS.threshold;


/** GC pauses seen by a PerformanceObserver, on the performance.now() timeline. */
const gcPauses: Array<{ start: number; duration: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });

/** Wall, CPU (user + system of this process) and GC-pause milliseconds of `fn`. */
async function phase(fn: () => Promise<void> | void): Promise<{ wallMs: number; cpuMs: number; gcMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 0)); // let the observer deliver this phase's GC entries
  const gcMs = gcPauses.filter((g) => g.start >= t0 && g.start < t1).reduce((n, g) => n + g.duration, 0);
  return { wallMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, gcMs };
}

interface PhaseCost { wallMs: number; cpuMs: number; gcMs: number }

interface SizeResult {
  size: number;
  generateMs: number;
  buildMs: number;
  buildSamples: number;
  queryMean: number;
  queryP50: number;
  queryP95: number;
  /** Documents with a positive score, mean over the planned queries. */
  matchingDocs: number;
  buildPhase: PhaseCost;
  queryPhase: PhaseCost;
  verifyPhase: PhaseCost;
  querySamples: number;
  /** The 4 queries one after another, as one synthesis searches (mean of rounds). */
  searchStageMs: number;
  sources: number;
  claims: number;
  extractMs: number;
  verifyMean: number;
  verifyP95: number;
  verifyRepeats: number;
  verified: number;
  syntheticInTopK: number;
  heapMb: number;
}

async function measure(plan: SizePlan, base: readonly Paper[], queries: string[]): Promise<SizeResult> {
  const g0 = nowMs();
  const papers = syntheticCorpus(base, plan.size);
  const generateMs = nowMs() - g0;

  // Index build: the CorpusSource constructor (Bm25Index over title + abstract, plus the id map).
  const builds: number[] = [];
  let source: CorpusSource | undefined;
  const buildPhase = await phase(() => {
    for (let i = 0; i < plan.builds; i++) {
      source = undefined;
      const t0 = nowMs();
      source = new CorpusSource(papers);
      builds.push(nowMs() - t0);
    }
  });
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

  // Queries: one warm-up round, then `queryRounds` rounds of the 4 planned queries, each timed alone.
  const run = async () => {
    const rankings: RankedPaper[][] = [];
    for (const q of queries) rankings.push(await source!.search(q, LIMIT));
    return rankings;
  };
  let rankings = await run();
  for (let r = 0; r < 4; r++) rankings = await run();
  const querySamples: number[] = [];
  const roundMs: number[] = [];
  const queryPhase = await phase(async () => {
    for (let r = 0; r < plan.queryRounds; r++) {
      const r0 = nowMs();
      for (const q of queries) {
        const t0 = nowMs();
        await source!.search(q, LIMIT);
        querySamples.push(nowMs() - t0);
      }
      roundMs.push(nowMs() - r0);
    }
  });
  // How many documents each query matches (untimed: a search with no effective limit).
  let matching = 0;
  for (const q of queries) matching += (await source!.search(q, papers.length)).length;

  // Verification: claims of the merged top-K sources, verified against those sources.
  const top = mergeSources(rankings, TOP_K);
  const topPapers = top.map((s) => s.paper);
  const x0 = nowMs();
  const claims: Claim[] = extractClaims(topPapers, { maxClaimsPerSource: MAX_CLAIMS });
  const extractMs = nowMs() - x0;
  let verifications = verifyClaims(claims, topPapers, { threshold: THRESHOLD }); // warm-up
  const verifySamples: number[] = [];
  const verifyPhase = await phase(() => {
    for (let r = 0; r < plan.verifyRepeats; r++) {
      const t0 = nowMs();
      verifications = verifyClaims(claims, topPapers, { threshold: THRESHOLD });
      verifySamples.push(nowMs() - t0);
    }
  });
  const baseIds = new Set(base.map((p) => p.id));
  return {
    size: plan.size, generateMs, buildMs: median(builds), buildSamples: builds.length,
    queryMean: mean(querySamples), queryP50: median(querySamples), queryP95: percentile(querySamples, 95), querySamples: querySamples.length, searchStageMs: mean(roundMs),
    sources: top.length, claims: claims.length, extractMs, verifyMean: mean(verifySamples), verifyP95: percentile(verifySamples, 95),
    verifyRepeats: verifySamples.length, verified: verifications.filter((v) => v.verified).length,
    syntheticInTopK: topPapers.filter((p) => !baseIds.has(p.id)).length, heapMb,
    matchingDocs: matching / queries.length, buildPhase, queryPhase, verifyPhase,
  };
}

/** `t2/t1` as `×n.nn`. */
function times(t: number, base: number): string {
  return base > 0 ? `×${fmtNum(t / base, t / base < 10 ? 2 : 0)}` : 'n/a';
}

/** Growth exponent k in t ∝ n^k between two sizes. */
function exponent(t1: number, t2: number, n1: number, n2: number): string {
  return t1 > 0 && t2 > 0 ? fmtNum(Math.log(t2 / t1) / Math.log(n2 / n1), 2) : 'n/a';
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg();
  const c = cpus();
  const machine = [
    `CPU: ${c.length} × ${c[0]?.model.trim() ?? 'unknown'}; RAM ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `Node ${process.version} (${process.platform}/${process.arch}); single process, no PostgreSQL or Temporal involved`,
  ];
  console.log(`Pipeline benchmark${QUICK ? ' (--quick)' : ''}: ${COMMAND}`);
  machine.forEach((l) => console.log(l));

  const base = loadCorpus();
  const queries = planQueries(SEED_QUESTION, DEFAULT_PIPELINE_PARAMETERS.queries);
  console.log(`Bundled corpus: ${base.length} papers. Planned queries:`);
  queries.forEach((q, i) => console.log(`  ${i + 1}. ${q}`));

  // Warm-up (not recorded): JIT-compile tokenizer, index, search, extraction and verification on the bundled corpus.
  await measure({ size: base.length, builds: 5, queryRounds: 50, verifyRepeats: 20 }, base, queries);

  const results: SizeResult[] = [];
  for (const plan of PLANS) {
    const r = await measure(plan, base, queries);
    results.push(r);
    console.log(`  ${fmtInt(r.size)} docs: generated in ${fmtMs(r.generateMs)}, build ${fmtMs(r.buildMs)}, query mean ${fmtMs(r.queryMean)} p95 ${fmtMs(r.queryP95)}, `
      + `verify ${fmtMs(r.verifyMean)} (${r.claims} claims, ${r.verified} attached, ${r.syntheticInTopK}/${r.sources} top-K synthetic), heap ${fmtInt(r.heapMb)} MB`);
  }
  const loadAtEnd = loadavg();

  const first = results[0]!;
  const { out, say } = createReport();
  console.log();
  const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
  say(`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\`${QUICK ? ' (smoke run: smaller corpora, fewer repeats)' : ''}.`);
  say();
  machine.forEach((l) => say(`- ${l}`));
  say(`- Background load (1/5/15-min load average) at start ${la(loadAtStart)}, at end ${la(loadAtEnd)}`
    + `${Math.max(loadAtStart[0]!, loadAtEnd[0]!) > c.length ? ': other work shared the machine, so absolute figures are noisy' : ''}.`);
  say();
  say(`Seed question: "${SEED_QUESTION}". \`planQueries\` gives ${queries.length} variants: ${queries.map((q) => `\`${q}\``).join(', ')}.`);
  say();
  say(`Corpora: ${fmtInt(first.size)} = the bundled corpus (\`loadCorpus()\`); larger sizes = the ${fmtInt(first.size)} bundled papers plus synthetic documents `
    + `(seed ${SEED}) whose abstracts recombine sentences drawn from random bundled abstracts (sentence count of a random bundled abstract) `
    + `and whose titles join halves of two bundled titles plus a running number (new unique ids). `
    + `Index build = \`new CorpusSource(papers)\` (\`Bm25Index\` over title + abstract and the id map), median of the builds. `
    + `Query = one \`CorpusSource.search(query, ${LIMIT})\` call; mean, p50 and p95 over all timed calls (rounds × the ${queries.length} planned queries, after warm-up rounds); `
    + `search stage = the ${queries.length} queries one after another, as one synthesis issues them. `
    + `Verification = \`verifyClaims\` (threshold ${THRESHOLD}) over the claims \`extractClaims\` (≤ ${MAX_CLAIMS} per source) takes from the top ${TOP_K} sources `
    + `\`mergeSources\` keeps from the ${queries.length} rankings; mean and p95 of the repeats after a warm-up. Everything runs in one Node process, one thread.`);
  say();
  say(markdownTable(
    ['documents', 'index build (builds)', 'query mean', 'query p50', 'query p95', 'calls', 'search stage (4 queries)', 'top-K synthetic', 'claims (attached)', 'extract', 'verify mean', 'verify p95', 'repeats'],
    results.map((r) => [
      fmtInt(r.size), `${fmtMs(r.buildMs)} (${r.buildSamples})`, fmtMs(r.queryMean), fmtMs(r.queryP50), fmtMs(r.queryP95), fmtInt(r.querySamples), fmtMs(r.searchStageMs),
      `${r.syntheticInTopK}/${r.sources}`, `${r.claims} (${r.verified})`, fmtMs(r.extractMs), fmtMs(r.verifyMean), fmtMs(r.verifyP95), fmtInt(r.verifyRepeats),
    ]),
  ));
  say();
  say(`Growth: ratio to the ${fmtInt(first.size)}-document run, and the exponent k of t ∝ n^k from the previous size (k ≈ 1 is linear in the corpus, k ≈ 0 independent of it).`);
  say();
  say(markdownTable(
    ['documents', 'n / prev', 'build vs 120', 'build k', 'query mean vs 120', 'query k', 'search stage vs 120', 'verify vs 120', 'verify k'],
    results.map((r, i) => {
      const prev = results[i - 1];
      return [
        fmtInt(r.size), prev ? `×${fmtNum(r.size / prev.size, 0)}` : '–',
        times(r.buildMs, first.buildMs), prev ? exponent(prev.buildMs, r.buildMs, prev.size, r.size) : '–',
        times(r.queryMean, first.queryMean), prev ? exponent(prev.queryMean, r.queryMean, prev.size, r.size) : '–',
        times(r.searchStageMs, first.searchStageMs),
        times(r.verifyMean, first.verifyMean), prev ? exponent(prev.verifyMean, r.verifyMean, prev.size, r.size) : '–',
      ];
    }),
  ));
  say();
  say(`Where the time goes: each timed phase's wall time, this process's CPU time (user + system) in it, and the GC pauses a \`PerformanceObserver\` reported in it. `
    + `CPU below wall means the process waited for a core (other load); GC is part of both. Matching documents = documents with a positive BM25 score, mean over the ${queries.length} queries.`);
  say();
  const cost = (p: PhaseCost) => `${fmtMs(p.wallMs)} / ${fmtMs(p.cpuMs)} / ${fmtMs(p.gcMs)}`;
  say(markdownTable(
    ['documents', 'matching docs per query', 'builds: wall / CPU / GC', 'queries: wall / CPU / GC', 'verifications: wall / CPU / GC', 'heap after build'],
    results.map((r) => [fmtInt(r.size), fmtInt(r.matchingDocs), cost(r.buildPhase), cost(r.queryPhase), cost(r.verifyPhase), `${fmtInt(r.heapMb)} MB`]),
  ));
  say();
  const last = results[results.length - 1]!;
  const prevLast = results[results.length - 2]!;
  const verifyRatios = results.map((r) => r.verifyMean / first.verifyMean);
  say(`Reading: from ${fmtInt(prevLast.size)} to ${fmtInt(last.size)} documents the index build grows with k = ${exponent(prevLast.buildMs, last.buildMs, prevLast.size, last.size)} `
    + `(it tokenizes every title and abstract) and a query with k = ${exponent(prevLast.queryMean, last.queryMean, prevLast.size, last.size)}: a query only walks the postings of its terms, `
    + `but in these recombined corpora each term occurs in a fixed share of the documents, so those postings grow in proportion to the corpus, `
    + `and \`Bm25Index.search\` then sorts every matching document (not a bounded top-${LIMIT} heap), which adds a log factor `
    + `(${fmtMs(last.queryMean)} per query, ${fmtMs(last.searchStageMs)} for the 4-query search stage at ${fmtInt(last.size)}). `
    + `Verification only sees the top ${TOP_K} sources and their claims, so it does not follow the corpus size `
    + `(${fmtNum(Math.min(...verifyRatios), 2)}–${fmtNum(Math.max(...verifyRatios), 2)} × the ${fmtInt(first.size)}-document time); `
    + `what varies is which sources reach the top ${TOP_K} (synthetic ones, with more matching sentences, take most places in the larger corpora) and how many claims they yield.`);
  say();

  recordBenchmarksSection(QUICK, 'pipeline', 'Pipeline', out.join('\n'));
}

runBench(main);
