/**
 * Area under the ROC curve of a score that should rank positives above
 * negatives: the Mann–Whitney statistic, the probability that a random
 * positive outscores a random negative, ties counting one half.
 */

/** ROC AUC of `positives` against `negatives` (NaN when either is empty). O((n + m) log(n + m)). */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  // Rank all scores together (average ranks for ties), then U = R₊ − n₊(n₊+1)/2.
  const all = [...positives.map((s) => ({ s, pos: true })), ...negatives.map((s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].s === all[i].s) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k].pos) rankSumPos += avgRank;
    i = j + 1;
  }
  const n = positives.length;
  return (rankSumPos - (n * (n + 1)) / 2) / (n * negatives.length);
}
