/**
 * The CLI's own defaults. Where the services are (DATABASE_URL,
 * TEMPORAL_ADDRESS, …) is runtime configuration: see `readRuntimeConfig`.
 */

/** Port of the Temporal Web UI that `synthledger dev` starts. */
export const DEFAULT_UI_PORT = 8233;
