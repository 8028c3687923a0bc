/**
 * A witness's persistent state in its own directory: per log origin, the last
 * checkpoint it cosigned (`logs/<sha256(origin)>.json`), written atomically
 * (temporary file, fsync, rename, fsync of the directory) so a crash leaves
 * either the old or the new state, never half of one; refused requests that
 * are evidence of a split view, appended to `evidence.jsonl`; and a lock file
 * so two witness processes never share one state directory (each would
 * cosign without seeing the other's state).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, unlinkSync, writeSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { EnvironmentError } from '../../common/errors';
import { parseCheckpointBody } from '../../ledger/core/checkpoint';
import type { WitnessState } from '../../ledger/core/witness-check';

/** Name of the lock file inside the state directory. */
export const WITNESS_LOCK_FILE = 'witness.lock';
/** Name of the split-view evidence file inside the state directory. */
export const WITNESS_EVIDENCE_FILE = 'evidence.jsonl';

/** One refused request kept as evidence of log misbehaviour. */
export interface WitnessEvidence {
  at: number;
  origin: string;
  refusal: string;
  message: string;
  /** The full request body, as received. */
  request: string;
}

/** The state directory of one witness process; open with {@link WitnessStateStore.open}. */
export class WitnessStateStore {
  private constructor(readonly dir: string, private readonly states: Map<string, WitnessState>, private locked: boolean) {}

  /**
   * Takes the directory's lock (reclaiming it from a process that no longer
   * runs) and loads every state file. Throws EnvironmentError CONFIG_INVALID
   * when another live process holds the lock or a state file is unreadable.
   */
  static open(dir: string): WitnessStateStore {
    mkdirSync(join(dir, 'logs'), { recursive: true, mode: 0o700 });
    takeLock(dir);
    try {
      return new WitnessStateStore(dir, loadStates(dir), true);
    } catch (err) {
      releaseLock(dir);
      throw err;
    }
  }

  /** The last cosigned checkpoint of `origin`, or null. */
  get(origin: string): WitnessState | null {
    return this.states.get(origin) ?? null;
  }

  /** Every origin with a state. */
  origins(): string[] {
    return [...this.states.keys()];
  }

  /** Persists `state` atomically, then makes it current. Callers serialize saves per origin. */
  save(state: WitnessState): void {
    const file = join(this.dir, 'logs', stateFileName(state.origin));
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const json = JSON.stringify({ origin: state.origin, treeSize: state.treeSize, rootHash: state.rootHash.toString('base64'), body: state.body, cosignedAt: state.cosignedAt }, null, 2) + '\n';
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, json);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDir(join(this.dir, 'logs'));
    this.states.set(state.origin, state);
  }

  /** Appends one refused request to the evidence file (synchronously: evidence must not be lost to a crash). */
  recordEvidence(evidence: WitnessEvidence): void {
    appendFileSync(join(this.dir, WITNESS_EVIDENCE_FILE), JSON.stringify(evidence) + '\n', { mode: 0o600 });
  }

  /** Releases the lock; the store must not be used afterwards. */
  close(): void {
    if (!this.locked) return;
    this.locked = false;
    releaseLock(this.dir);
  }
}

/** The state file name of an origin: origins are arbitrary text, so their hash. */
export function stateFileName(origin: string): string {
  return `${createHash('sha256').update(origin, 'utf8').digest('hex')}.json`;
}

function loadStates(dir: string): Map<string, WitnessState> {
  const states = new Map<string, WitnessState>();
  for (const name of readdirSync(join(dir, 'logs'))) {
    const file = join(dir, 'logs', name);
    if (name.endsWith('.tmp')) {
      // A save that crashed before its rename: the previous state file is still intact.
      unlinkSync(file);
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const state = parseState(readFileSync(file, 'utf8'), file);
    if (stateFileName(state.origin) !== name) throw corrupt(file, 'its name is not the hash of its origin');
    states.set(state.origin, state);
  }
  return states;
}

function parseState(text: string, file: string): WitnessState {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw corrupt(file, 'not JSON');
  }
  const { origin, treeSize, rootHash, body, cosignedAt } = raw;
  if (typeof origin !== 'string' || typeof body !== 'string' || typeof rootHash !== 'string' || !Number.isSafeInteger(treeSize) || !Number.isSafeInteger(cosignedAt)) {
    throw corrupt(file, 'needs origin, treeSize, rootHash, body and cosignedAt');
  }
  let checkpoint;
  try {
    checkpoint = parseCheckpointBody(body);
  } catch {
    throw corrupt(file, 'body is not a checkpoint');
  }
  // The fields are copies of the body: any disagreement means the file was edited.
  if (checkpoint.origin !== origin || checkpoint.treeSize !== treeSize || checkpoint.rootHash.toString('base64') !== rootHash) {
    throw corrupt(file, 'origin, treeSize or rootHash disagree with its body');
  }
  return { origin, treeSize: treeSize as number, rootHash: checkpoint.rootHash, body, cosignedAt: cosignedAt as number };
}

function takeLock(dir: string): void {
  const file = join(dir, WITNESS_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new EnvironmentError('CONFIG_INVALID', `cannot create the witness lock ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new EnvironmentError('CONFIG_INVALID', `witness state directory ${dir} is in use by process ${pid}; one witness process per state directory`);
    }
    // Left by a process that died without releasing it.
    unlinkSync(file);
  }
  throw new EnvironmentError('CONFIG_INVALID', `cannot take the witness lock ${file}`);
}

function releaseLock(dir: string): void {
  const file = join(dir, WITNESS_LOCK_FILE);
  if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function corrupt(file: string, why: string): EnvironmentError {
  return new EnvironmentError('CONFIG_INVALID', `witness state file ${file} is unusable: ${why}`);
}
