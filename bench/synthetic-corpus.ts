/**
 * The benchmarks' synthetic corpus: the bundled papers plus deterministic
 * documents recombined from them (fixed seed), so a benchmark can ask for
 * more papers than the corpus holds.
 */
import type { Paper } from '../activities/model';
import { corpusIdForTitle, corpusRecordToPaper } from '../activities/sources/corpus';
import { splitSentences } from '../activities/stages/text';
import { prng } from './bench-support';

/** Default seed of {@link syntheticCorpus}. */
export const SYNTHETIC_CORPUS_SEED = 20_190_2019;

/** The bundled papers plus `size - base.length` synthetic recombinations (deterministic for a given seed). */
export function syntheticCorpus(base: readonly Paper[], size: number, seed = SYNTHETIC_CORPUS_SEED): Paper[] {
  if (size <= base.length) return base.slice(0, size);
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const sentences = base.flatMap((p) => splitSentences(p.abstract).map((s) => s.text));
  const sentenceCounts = base.map((p) => Math.max(1, splitSentences(p.abstract).length));
  const titleWords = base.map((p) => p.title.split(/\s+/));
  const out: Paper[] = [...base];
  const ids = new Set(base.map((p) => p.id));
  for (let i = 0; out.length < size; i++) {
    const a = pick(titleWords);
    const b = pick(titleWords);
    const title = `${[...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.ceil(b.length / 2))].join(' ')} (synthetic ${i + 1})`;
    const n = pick(sentenceCounts);
    const abstract = Array.from({ length: n }, () => pick(sentences)).join(' ');
    const id = corpusIdForTitle(title);
    if (ids.has(id)) continue;
    ids.add(id);
    out.push(corpusRecordToPaper({ id, title, abstract }));
  }
  return out;
}
