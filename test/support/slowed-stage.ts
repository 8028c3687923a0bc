/**
 * A worker's activities with one stage slowed, for tests that kill or cancel
 * a run while that stage runs (the worker rebuilds `runInProcessStages` over
 * the wrapped stages, so a synthesis that runs its stages in that one call is
 * slowed there too).
 */
type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

/** `acts` with `activityType` sleeping `ms` first (after calling `onSlow`); unchanged when it has no such activity. */
export function withSlowedStage(acts: Activities, activityType: string, ms: number, onSlow: () => void = () => {}): Activities {
  const inner = acts[activityType];
  if (!inner) return acts;
  return {
    ...acts,
    [activityType]: async (...args: never[]) => {
      onSlow();
      await new Promise((r) => setTimeout(r, ms));
      return inner(...args);
    },
  };
}
