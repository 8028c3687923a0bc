import { checkRun } from '../../ledger/core/checked-run';
import { sha256 } from '../../ledger/core/hash';
import { leafHashOfText, rootFromLeafHashes } from '../../ledger/core/merkle';
import { MerkleRootBuilder } from '../../ledger/core/merkle-root-builder';
import { checkRow } from '../../ledger/core/verify-stream';
import { reforged, storedLog } from '../support/stored-rows';

describe('checkRun', () => {
  const rows = storedLog(20);

  it('passes a run of good rows, naming each stream\'s first link and last head, and hashes its leaves into subtrees', () => {
    const run = checkRun(rows.slice(8, 19), 8);
    expect(run).toMatchObject({ start: 8, passed: 11, broken: null });
    expect(run.streams.map((s) => [s.stream, s.at, s.streamIndex, s.prevEntryHash, s.head, s.count])).toEqual([
      ['s2', 0, 2, rows[5]!.entry_hash, rows[17]!.entry_hash, 4],
      ['s0', 1, 3, rows[6]!.entry_hash, rows[18]!.entry_hash, 4],
      ['s1', 2, 3, rows[7]!.entry_hash, rows[16]!.entry_hash, 3],
    ]);
    const builder = new MerkleRootBuilder();
    for (const subtree of MerkleRootBuilder.subtreesOf(0, rows.slice(0, 8).map((r) => leafHashOfText(r.header).toString('hex')))) builder.pushSubtree(subtree);
    for (const subtree of run.subtrees) builder.pushSubtree(subtree);
    expect(builder.root().equals(rootFromLeafHashes(rows.slice(0, 19).map((r) => leafHashOfText(r.header))))).toBe(true);
  });

  it('stops at a row that fails its own checks, and checkRow fails that row too', () => {
    const bad = { ...rows[12]!, payload: '{"index":-1}' };
    const run = checkRun([...rows.slice(10, 12), bad, rows[13]!], 10);
    expect(run).toMatchObject({ passed: 2, broken: bad, subtrees: [] });
    expect(run.streams.map((s) => s.stream)).toEqual(['s1', 's2']);
    expect(checkRow(bad, 4, rows[9]!.entry_hash, 's0')).toMatchObject({ field: 'payloadHash' });
  });

  it('stops at a row out of the index sequence', () => {
    expect(checkRun([rows[4]!, rows[6]!], 4)).toMatchObject({ passed: 1, broken: rows[6] });
    expect(checkRun([rows[4]!], 3)).toMatchObject({ passed: 0, broken: rows[4] });
  });

  it('stops at a row that does not follow the earlier row of its stream in the run', () => {
    // Row 6 (stream s0) is whole on its own, header and columns alike, but links to an entry that is not row 3.
    const forged = reforged(rows[6]!, { prevEntryHash: sha256('elsewhere') });
    const run = checkRun([...rows.slice(3, 6), forged], 3);
    expect(run).toMatchObject({ passed: 3, broken: forged });
    expect(checkRow(forged, 2, rows[3]!.entry_hash, 's0')).toMatchObject({ field: 'prevEntryHash', expected: rows[3]!.entry_hash, computed: sha256('elsewhere') });
  });
});
