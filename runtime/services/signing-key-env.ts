/** The environment variables that configure the checkpoint signing key (read by `key-store.ts`). */

/** Environment variable holding the signer key string itself. */
export const SIGNING_KEY_ENV = 'SYNTHLEDGER_SIGNING_KEY';
/** Environment variable naming a file that holds the signer key string. */
export const SIGNING_KEY_FILE_ENV = 'SYNTHLEDGER_SIGNING_KEY_FILE';
