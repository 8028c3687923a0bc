/** Sections of a synthesis report (report.md): its `## <name>` headings, as activities/stages/draft-report.ts writes them. */

/** The Markdown of one `## <name>` section of the report (empty when absent). */
export function reportSection(markdown: string, name: string): string {
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => l.trim() === `## ${name}`);
  if (at < 0) return '';
  const end = lines.findIndex((l, i) => i > at && l.startsWith('## '));
  return lines.slice(at + 1, end < 0 ? undefined : end).join('\n').trim();
}
