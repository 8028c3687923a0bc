/**
 * What a sentence of an abstract does: report a finding, or ask a question,
 * state an aim or hypothesis, give background, or is a fragment. Only
 * findings can be claims or answer evidence, and only findings can
 * contradict a claim.
 */
import { tokenize } from './text';

/** The kinds of sentence {@link sentenceKind} tells apart. */
export type SentenceKind = 'finding' | 'question' | 'aim' | 'background' | 'fragment';

/** Fewest words (stop words included) a finding has. */
export const MIN_FINDING_WORDS = 6;

const AIM = /^(?:(?:objectives?|aims?|purpose|goal)\b|to (?:assess|determine|investigate|examine|evaluate|test|explore|compare|identify|study|address|answer)\b|we (?:hypothesi[sz]ed|tested (?:the hypothesis|whether)|asked whether|aimed|sought|wonder(?:ed)?)\b|(?:the )?(?:aim|purpose|objective|goal) of (?:this|the|our)\b|(?:this|the present|our) (?:paper|work|study) (?:asks|investigates whether|examines whether)\b)/i;
const BACKGROUND_LABEL = /^(?:background|introduction|context|motivation|rationale)\b/i;
// "(Brown et al., 2020)", "(Radford et al. 2019; ...)", "[12]": a cited result is someone else's, restated as background.
const CITATION = /\((?:[^()]*?\bet al\.?,?\s*)?(?:19|20)\d\d[a-z]?\)|\[\d+(?:[,–-]\s*\d+)*\]/;
const BACKGROUND_LEAD = /^(?:recently|in recent (?:years|times)|recent (?:work|works|research|advances|studies|progress)|traditionally|historically|it (?:has|have) (?:been|long been) (?:shown|hypothesi[sz]ed|suggested|argued|proposed|observed))\b/i;
const URL = /\bhttps?:\/\/|\bwww\./i;

/** Classifies one sentence (pure; English scientific prose). */
export function sentenceKind(sentence: string): SentenceKind {
  const s = sentence.trim();
  if (s.length === 0 || URL.test(s) || !/^[\p{Lu}\p{N}"'“(]/u.test(s)) return 'fragment';
  if (tokenize(s, { removeStopWords: false }).length < MIN_FINDING_WORDS) return 'fragment';
  if (/\?["'”’)]*$/.test(s)) return 'question';
  if (AIM.test(s)) return 'aim';
  if (BACKGROUND_LABEL.test(s) || BACKGROUND_LEAD.test(s) || CITATION.test(s)) return 'background';
  return 'finding';
}

/** True for a sentence that states an aim, a question or a hypothesis rather than a finding. */
export function isAim(sentence: string): boolean {
  const s = sentence.trim();
  return AIM.test(s.replace(/^(?:background|objectives?|aims?|purpose)\s*:?\s+/i, '')) || /\?["'”’)]*$/.test(s);
}
