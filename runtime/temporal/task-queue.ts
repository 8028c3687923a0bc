/** The task queue synthledger workers poll unless SYNTHLEDGER_TASK_QUEUE names another. */

/** Default task queue of synthledger workers. */
export const DEFAULT_TASK_QUEUE = 'synthledger';
