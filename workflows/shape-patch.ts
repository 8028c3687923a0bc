/**
 * One patch for the synthesis's shape (docs/adr/0024): a run that has it
 * took every change listed in {@link PATCHES_IN_SHAPE}, and asks none of
 * them, so its history records one patch marker and one
 * `TemporalChangeVersion` upsert instead of one of each per change. Runs
 * started before it do not have it and ask each patch where they always did.
 * Deterministic: ids and a pure helper only.
 */
import { ANSWER_REVIEW_POINTS_PATCH, COMPOSE_ANSWER_PATCH, PATCHES_ASKED_AT_START } from '../activities/synthesis-steps';
import { IN_PROCESS_BATCH_PATCH, IN_PROCESS_STAGES_PATCH, LOCAL_ACTIVITIES_PATCH, REQUEST_IN_BATCH_PATCH } from './catalogued-activities';
import { SEARCH_ATTRIBUTES_PATCH } from './search-attributes';

/** Patch id of the shape of 2026-12-03 (docs/adr/0024). */
export const SHAPE_PATCH = 'synthesis-shape-2026-12-03';

/**
 * The changes a run with {@link SHAPE_PATCH} took: every patch a synthesis
 * asked at its start before it, with the steps' later changes under their
 * at-start ids (so the original ids, which such a run never asks, answer
 * true through those).
 */
export const PATCHES_IN_SHAPE: readonly string[] = [
  LOCAL_ACTIVITIES_PATCH, IN_PROCESS_STAGES_PATCH, IN_PROCESS_BATCH_PATCH, REQUEST_IN_BATCH_PATCH,
  PATCHES_ASKED_AT_START[COMPOSE_ANSWER_PATCH]!, PATCHES_ASKED_AT_START[ANSWER_REVIEW_POINTS_PATCH]!, SEARCH_ATTRIBUTES_PATCH,
];

/**
 * `ask` (the workflow's `patched`) for a run that asks {@link SHAPE_PATCH}
 * first, here, once: with it, a patch of the shape answers true without
 * being asked; without it, and for any later patch, `ask` answers.
 */
export function shapePatched(ask: (patchId: string) => boolean): (patchId: string) => boolean {
  const shaped = ask(SHAPE_PATCH);
  const inShape = new Set(PATCHES_IN_SHAPE);
  return (patchId) => (shaped && inShape.has(patchId)) || ask(patchId);
}
