/**
 * The notice a corrected report carries at its top: type, date, who, why
 * and what changed, so the artifact a reader opens says it (issue: "The
 * corrected report"). Pure; notices stack, newest first.
 */
import type { CorrectionRecord } from '../../schemas/correction-record.schema';

/** First line of every notice (readers and tools can find notices by it). */
export const CORRECTION_NOTICE_MARKER = '> **Correction notice';

/** The Markdown block of one correction, ending with a blank line. */
export function renderCorrectionNotice(c: CorrectionRecord, correctionHash: string): string {
  const changed = [
    c.target.sections?.length ? `sections ${c.target.sections.join(', ')}` : null,
    c.target.claimIds?.length ? `claims ${c.target.claimIds.join(', ')}` : null,
  ].filter((x): x is string => x !== null);
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  return [
    `${CORRECTION_NOTICE_MARKER}: ${c.type}** (status now ${c.resultingStatus})`,
    `> Issued ${c.issuedAt} by ${oneLine(c.issuedBy)}.`,
    `> Why: ${oneLine(c.reasonCode)}: ${oneLine(c.rationale)}`,
    `> What changed: ${oneLine(c.description)}${changed.length > 0 ? ` (${changed.join('; ')})` : ''}`,
    `> Record: correction ${oneLine(c.correctionId)}, \`${correctionHash}\`.`,
    '',
    '',
  ].join('\n');
}

/** `report` with the notice of `c` on top (above any earlier notices). */
export function withCorrectionNotice(report: string, c: CorrectionRecord, correctionHash: string): string {
  return renderCorrectionNotice(c, correctionHash) + report;
}
