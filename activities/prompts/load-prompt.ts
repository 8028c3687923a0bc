/**
 * Versioned prompts. Each prompt is a Markdown file `<name>.v<n>.md` beside
 * this module, sent verbatim as the system message; its SHA-256 is recorded
 * with every call, so a published synthesis names the exact prompt text.
 * A prompt file is never edited in place: a change is a new version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../common/errors';
import { packageFile } from '../../common/package-root';
import { sha256, type ContentHash } from '../../ledger/core/hash';

/** The prompts shipped with synthledger. */
export type PromptId = 'extract-claims.v1' | 'review-skeptic.v1' | 'review-validator.v1' | 'review-synthesizer.v1' | 'compose-answer.v1' | 'compose-answer.v2' | 'entail.v1';

/** A prompt ready to send: its id, exact text and that text's hash. */
export interface LoadedPrompt {
  id: string;
  text: string;
  /** `sha256:` of the UTF-8 text, equal to the promptHash of every call that sends it. */
  sha256: ContentHash;
}

const PROMPT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\.v[1-9]\d*$/;
const cache = new Map<string, LoadedPrompt>();

/**
 * Loads prompt `id` (e.g. `extract-claims.v1`). Line endings are normalized
 * to LF so a Windows checkout sends and hashes the same text. Throws
 * INVALID_ARGUMENT for a malformed or unknown id.
 */
export function loadPrompt(id: PromptId | string): LoadedPrompt {
  const cached = cache.get(id);
  if (cached) return cached;
  // The id becomes a file name, so it must not be able to climb out of the prompts folder.
  if (!PROMPT_ID.test(id)) throw ValidationError.single('INVALID_ARGUMENT', '$.promptId', 'pattern', `prompt id ${JSON.stringify(id)} is not of the form <name>.v<n>`);
  const file = promptDirectories()
    .map((dir) => join(dir, `${id}.md`))
    .find((candidate) => existsSync(candidate));
  if (!file) throw ValidationError.single('INVALID_ARGUMENT', '$.promptId', 'unknown-prompt', `no prompt file ${id}.md in activities/prompts`);
  const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
  const prompt: LoadedPrompt = { id, text, sha256: sha256(text) };
  cache.set(id, prompt);
  return prompt;
}

/** The prompt files ship in the source folder (a `dist/` build holds JavaScript only). */
function promptDirectories(): string[] {
  return [packageFile('activities', 'prompts')];
}
