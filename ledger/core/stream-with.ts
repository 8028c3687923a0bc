/** A stream's entries once an entry appended while they were read is in them. */
import type { LedgerEntry } from './ledger-entry';

/**
 * The stream as it stands once `appended` is in it, from `read`, a read of
 * the whole stream made while `appended` was being appended: `read` itself
 * when it saw the entry, else `read` followed by it. Null when `read` does
 * not fit the entry's place in its stream (read the stream again): entries
 * before it missing, or another entry where it stands.
 */
export function streamWith(read: readonly LedgerEntry[], appended: LedgerEntry): LedgerEntry[] | null {
  const at = appended.header.streamIndex;
  if (read.length > at) return read[at]!.entryHash === appended.entryHash ? [...read] : null;
  const before = read[read.length - 1];
  return read.length === at && (before?.entryHash ?? null) === appended.header.prevEntryHash ? [...read, appended] : null;
}
