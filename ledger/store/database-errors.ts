/** Maps errors raised by the ledger database (our SQLSTATEs of migrations 0002 and 0004, lost connections) to coded errors. */
import { LedgerError, SynthledgerError, ValidationError } from '../../common/errors';

/** SQLSTATEs the ledger functions raise. */
export const LEDGER_SQLSTATES = {
  /** The log state row is missing (migrations not run). */
  NO_STATE: 'SL500',
  /** The log state or a checkpoint disagrees with the stored Merkle nodes. */
  STATE_CORRUPT: 'SL501',
  /** An argument of a ledger function is out of its range. */
  BAD_ARGUMENT: 'SL422',
} as const;

/** PostgreSQL's `insufficient_privilege`. */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * The coded error for `error`, thrown while `doing` something: broken
 * invariants and refused privileges are not retryable; anything else (a lost
 * connection, a server restarting) is LEDGER_UNAVAILABLE and retryable.
 */
export function asLedgerError(error: unknown, doing: string): SynthledgerError {
  if (error instanceof SynthledgerError) return error;
  const message = (error as Error)?.message ?? String(error);
  switch ((error as { code?: unknown })?.code) {
    case LEDGER_SQLSTATES.NO_STATE:
    case LEDGER_SQLSTATES.STATE_CORRUPT:
      return new LedgerError('LOG_STATE_CORRUPT', `${doing}: ${message}`, { cause: error });
    case LEDGER_SQLSTATES.BAD_ARGUMENT:
      return ValidationError.single('INVALID_ARGUMENT', '$', 'ledger-function', `${doing}: ${message}`);
    case INSUFFICIENT_PRIVILEGE:
      return new LedgerError('LEDGER_UNAVAILABLE', `${doing}: ${message} (the application role may only SELECT and EXECUTE the ledger functions)`, { cause: error });
    default:
      return new LedgerError('LEDGER_UNAVAILABLE', `${doing}: ${message}`, { cause: error, retryable: true });
  }
}
