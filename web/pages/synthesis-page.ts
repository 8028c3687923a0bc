/**
 * `/s/:id` and `/s/:id/v/:n`: the reader's page of a synthesis. The upper
 * half carries every field of the published synthesis pages the project
 * comes from (title, question, review score, verification level, quality
 * tier and its basis, verified claims, abstract, quality dimensions,
 * correction record, provenance), from the manifest of the version shown;
 * the lower half the report, the claims with their evidence, the tribunal's
 * referee reports and rebuttals, references, accounting and the integrity
 * block (manifest hash, log origin, verifier key).
 */
import { referenceParts } from '../../runtime';
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT, SOURCE_PROVENANCE_CONTRACT } from '../../schemas';
import { html, type HtmlValue, type SafeHtml } from '../html';
import { isSafeLink, renderMarkdown } from '../markdown';
import { reportSection } from '../report-section';
import { isWarningStatus } from '../synthesis-status';
import type { ManifestVersion, SynthesisRecord } from '../synthesis-record';
import { editorialAnalysis } from './editorial-analysis';
import { highlightSpan } from './evidence-span';
import { factTable, formatDate, formatScore, layout, statusBadge } from './layout';
import { verifyPanel } from './verify-panel';

const DIMENSIONS: Array<[string, string]> = [
  ['evidenceStrength', 'Evidence strength'], ['citationGrounding', 'Citation grounding'],
  ['uncertaintyDisclosure', 'Uncertainty disclosure'], ['reproducibilityStatus', 'Reproducibility status'],
];

/** The banner shown on every version's page while the synthesis is retracted, under concern or withdrawn. */
export function statusBanner(s: SynthesisRecord): SafeHtml {
  if (!isWarningStatus(s.status)) return html``;
  const last = s.corrections.at(-1)?.record;
  const what = s.status === 'UNDER_CONCERN' ? 'UNDER CONCERN' : s.status;
  return html`<div class="banner banner-${s.status.toLowerCase()}" role="alert" data-banner="${s.status}"><strong>${what}</strong>${last ? html` — ${last.type.replace(/_/g, ' ').toLowerCase()} issued ${formatDate(last.issuedAt)} by ${last.issuedBy}: ${last.description}` : ''} <a href="/s/${encodeURIComponent(s.synthesisId)}#corrections">See the correction record.</a></div>`;
}

function link(url: string, text: HtmlValue): SafeHtml {
  return isSafeLink(url) && /^https?:/i.test(url) ? html`<a href="${url}" rel="noopener noreferrer nofollow">${text}</a>` : html`${text}`;
}

/** Renders the page of `version` (default: the latest) of synthesis `s`; `siteKeys` are the site's published keys (pre-filled in the verification panel). */
export function synthesisPage(s: SynthesisRecord, version?: ManifestVersion, siteKeys: readonly string[] = []): SafeHtml {
  const current = s.manifests.at(-1);
  const shown = version ?? current;
  const m = shown?.manifest;
  const grading = s.policy?.grading;
  const id = encodeURIComponent(s.synthesisId);
  const verification = m?.verification ?? grading?.verification;
  const tier = m?.qualityTier ?? grading?.qualityTier;
  const dims = (m?.qualityDimensions ?? grading?.qualityDimensions ?? {}) as Record<string, string>;
  const score = m?.review.score ?? s.rounds.at(-1)?.aggregate?.score ?? null;
  const title = m?.title ?? s.question;
  const abstract = s.report ? reportSection(s.report.markdown, 'Abstract') : '';
  const verifiedCount = verification?.claimsVerified ?? null;
  const correctionsUpTo = m ? s.corrections.filter((c) => m.correction.records.includes(c.hash)) : [];
  const laterCorrections = s.corrections.slice(correctionsUpTo.length);

  const head = html`<article class="synthesis" data-synthesis="${s.synthesisId}">
<p class="muted mono">${s.synthesisId}${m ? ` · version ${m.manifestVersion} of ${s.manifests.length}` : ''}</p>
<h1 data-field="title">${title}</h1>
<p>${statusBadge(s.status)}</p>
${shown && current && shown !== current ? html`<p class="notice" data-notice="old-version">This is version ${m!.manifestVersion}; the <a href="/s/${id}">current version</a> is ${current.manifest.manifestVersion}.</p>` : ''}
${factTable([
    ['Submitted', html`<time data-field="submitted" datetime="${m?.publishedAt ?? s.requestedAt ?? ''}">${formatDate(m?.publishedAt ?? s.requestedAt)}</time>`],
    ['Review score', html`<span data-field="score">${formatScore(score)}</span>`],
    ['Verification', html`<span data-field="verification">${verification ? `${verification.level}, ${verification.label}` : '–'}</span>`],
    ['Quality tier', html`<span data-field="tier">${tier?.tier ?? '–'}</span>`],
    ['Verified claims', html`<span data-field="verified-claims">${verifiedCount ?? '–'}</span>`],
  ], 'facts summary')}
${laterCorrections.length || correctionsUpTo.length ? html`<div class="notices">${s.corrections.map((c) => html`<p class="notice correction-notice" data-correction="${c.record.type}"><strong>${c.record.type.replace(/_/g, ' ')}</strong> (${formatDate(c.record.issuedAt)}, ${c.record.issuedBy}): ${c.record.description}</p>`)}</div>` : ''}

<section id="abstract"><h2>Abstract</h2>${abstract ? html`<div data-field="abstract">${renderMarkdown(abstract)}</div>` : html`<p class="muted">No report drafted yet.</p>`}</section>

<section id="question"><h2>Research Question</h2><p data-field="question">${m?.researchQuestion ?? s.question}</p></section>

<section id="verification"><h2>Verification Level</h2>
${factTable([
    ['Paper level', html`<span data-field="paper-level">${verification ? `${verification.level}, ${verification.label}` : '–'}</span>`],
    ['Source-grounded claims', html`<span data-field="source-grounded-claims">${verification ? `${verification.claimsVerified} of ${verification.claimsExtracted} extracted` : '–'}</span>`],
    ['Attachment threshold', html`<span data-field="threshold">${verification ? String(verification.threshold) : '–'}</span>`],
    ['Claim record source', html`ledger entries <span class="mono">claim.record</span> and <span class="mono">claim.verification</span> (<a href="/s/${id}/ledger">the stream</a>)`],
  ])}
<p class="note">Each claim below shows its source sentence and the check's confidence; levels follow the rules in docs/GRADING.md.</p></section>

<section id="tier"><h2>Quality Tier</h2>
${factTable([['Tier', tier?.tier ?? '–'], ['Basis', html`<span data-field="tier-basis">${tier?.basis ?? '–'}</span>`]])}
<p class="note">Descriptive public triage; a Watchlist tier does not withdraw the synthesis.</p></section>

<section id="dimensions"><h2>Quality Dimensions</h2>
<table class="facts dimensions"><tbody>${DIMENSIONS.map(([k, label]) => html`<tr data-dimension="${k}"><th scope="row">${label}</th><td><span class="grade grade-${(dims[k] ?? '').toLowerCase()}">${dims[k] ?? '–'}</span></td><td class="muted">${grading?.dimensionRules?.[k] ?? ''}</td></tr>`)}</tbody></table>
<p class="note">Automated triage signals derived from recorded fields; not human peer review or independent validation.</p></section>

<section id="corrections"><h2>Correction Record</h2>
${factTable([
    ['Status', html`<span data-field="correction-status">${m?.correction.status ?? '–'}</span>`],
    ['Correction count', html`<span data-field="correction-count">${String(m?.correction.count ?? s.corrections.length)}</span>`],
    ['Manifest contract', html`<span data-field="manifest-contract">${m?.contract ?? PAPER_MANIFEST_CONTRACT}</span>`],
    ['Correction contract', html`<span data-field="correction-contract">${m?.correction.contract ?? CORRECTION_RECORD_CONTRACT}</span>`],
  ])}
${s.corrections.length ? html`<ol class="corrections">${s.corrections.map((c) => html`<li><strong>${c.record.type}</strong> → ${c.record.resultingStatus} · ${formatDate(c.record.issuedAt)} · ${c.record.issuedBy} · reason ${c.record.reasonCode}<p>${c.record.description}</p><p class="muted">${c.record.rationale}</p><p class="muted mono">${c.hash}</p></li>`)}</ol>` : ''}
<p class="note">Corrections are additive records: each publishes a new manifest version; nothing is edited or deleted. Current status does not claim the synthesis is error-free.</p></section>

<section id="provenance"><h2>Provenance</h2>
${factTable([
    ['Publisher', html`<span data-field="publisher">${m?.publisher ?? s.publisher ?? '–'}</span>`],
    ['Public provenance', html`<span data-field="public-provenance">${m ? `${m.provenance.publicLevel}, ${m.provenance.label}` : grading ? `${grading.provenance.publicLevel}, ${grading.provenance.label}` : '–'}</span>`],
    ['Report artifact', s.report ? html`Available (<a href="#report">below</a>, <span class="mono" data-field="report-hash">${s.report.sha256}</span>)` : 'Not drafted'],
    ['External record', html`<span data-field="external-record">${m?.provenance.externalRecord ?? 'Not registered'}</span>`],
    ['Claim lineage', html`<span data-field="claim-lineage">${m?.provenance.claimLineage ?? '–'}</span>`],
    ['Review method', html`<span data-field="review-method">${m?.provenance.reviewMethod ?? s.rounds[0]?.aggregate?.method ?? '–'}</span>`],
    ['Quality guide', 'docs/GRADING.md: how to read scores, claims, manifests and evidence links'],
    ['Provenance contract', html`<span data-field="provenance-contract">${m?.provenance.contract ?? SOURCE_PROVENANCE_CONTRACT}</span>`],
    ['Note', 'Machine-generated synthesis of existing literature. Not primary research.'],
  ])}</section>
`;

  const claims = html`<section id="claims"><h2>Claims and their evidence</h2>
${s.claims.length === 0 ? html`<p class="muted">No claims recorded.</p>` : html`<ol class="claims">${s.claims.map((c) => {
    const v = s.verifications.get(c.claimId);
    const src = s.sources.find((r) => r.paper.id === c.sourceId);
    return html`<li class="claim" id="${c.claimId}" data-verified="${v?.verified ? 'yes' : 'no'}"><p>${c.text}</p>
<p class="muted">${v?.verified ? 'verified' : 'not verified'} · confidence ${v ? v.confidence.toFixed(3) : '–'} · source ${src ? link(src.paper.locator, src.paper.title) : c.sourceId} <span class="mono">${c.sourceId}</span></p>
${highlightSpan(src?.paper.abstract, c.span)}</li>`;
  })}</ol>`}</section>`;

  const references = html`<section id="references"><h2>References</h2>
<ol class="references">${s.sources.map((r) => {
    const p = s.provenance.get(r.paper.id);
    const ref = referenceParts(r.paper);
    // As report.md writes it: authors (year). Title. — or, when the source names no authors, Title (year).
    return html`<li data-source="${r.paper.id}">${ref.authors !== null ? `${ref.authors} (${ref.year ?? 'n.d.'}). ` : ''}${link(ref.locator, ref.title)}${ref.authors === null ? ` (${ref.year ?? 'n.d.'})` : ''}.${ref.links.map((l) => html` ${link(l.href, l.label)}`)} <span class="muted">source text <span class="mono" data-field="locator">${ref.locator}</span></span> <span class="muted mono">${r.paper.id}${p ? ` · ${p.contentHash}` : ''}</span></li>`;
  })}</ol></section>`;

  const accounting = m?.accounting;
  const accountingBlock = html`<section id="accounting"><h2>Accounting</h2>
${accounting ? html`${factTable([['Duration', html`<span data-field="duration" data-ms="${accounting.durationMs}">${(accounting.durationMs / 1000).toFixed(1)} s</span>`]])}
<table class="tokens"><thead><tr><th>Provider</th><th>Input tokens</th><th>Output tokens</th></tr></thead><tbody>${Object.entries(accounting.tokens).map(([k, t]) => html`<tr data-provider="${k}"><td>${k}</td><td class="num" data-field="input-tokens">${t.input}</td><td class="num" data-field="output-tokens">${t.output}</td></tr>`)}${Object.keys(accounting.tokens).length === 0 ? html`<tr><td colspan="3" class="muted">No token counts recorded in this manifest.</td></tr>` : ''}</tbody></table>` : html`<p class="muted">Not recorded in this manifest.</p>`}
${m ? html`<p class="muted">Providers: ${m.pipeline.providers.map((p) => `${p.role}: ${p.provider} (${p.model}${p.deterministic ? ', deterministic' : ''})`).join('; ')}</p>` : ''}</section>`;

  const integrity = html`<section id="integrity"><h2>Integrity</h2>
${shown ? factTable([
    ['Manifest hash', html`<span class="mono" data-field="manifest-hash">${shown.manifestHash}</span>`],
    ['Log origin', html`<span class="mono" data-field="log-origin">${shown.manifest.ledger.logOrigin}</span>`],
    ['Publisher verifier key', html`<span class="mono" data-field="verifier-key">${shown.receipt?.publicKey ?? '–'}</span>`],
    ['Ledger position', shown.receipt ? `leaf ${shown.receipt.leafIndex} of a tree of ${shown.receipt.treeSize}` : '–'],
    ['Stream head', html`<span class="mono">${shown.manifest.ledger.streamHead}</span> (${shown.manifest.ledger.entryCount} entries)`],
    ['Workflow', html`<span class="mono">${shown.manifest.workflow.workflowId} / ${shown.manifest.workflow.runId}</span>, history digest <span class="mono">${shown.manifest.workflow.historyDigest.sha256}</span>`],
  ]) : html`<p class="muted">Not published: no manifest yet.</p>`}
<p class="links">${shown ? html`<a href="/s/${id}/bundle${version ? `?version=${shown.manifest.manifestVersion}` : ''}" download>Download the evidence bundle (.tar.gz)</a> · ` : ''}<a href="/s/${id}/ledger">Ledger stream</a> · <a href="/s/${id}/history">History</a>${s.status === 'WAITING_FOR_REVIEW' ? html` · <a href="/review/${id}">Reviewer's desk</a>` : ''}</p>
${s.manifests.length ? html`<p>Versions: ${s.manifests.map((v) => html`<a href="/s/${id}/v/${v.manifest.manifestVersion}">v${v.manifest.manifestVersion}</a> (${v.manifest.correction.status}) `)}</p>` : ''}
</section>`;

  const body = html`${head}
<section id="report"><h2>Report</h2>${s.report ? html`<div class="report">${renderMarkdown(s.report.markdown)}</div>` : html`<p class="muted">No report yet.</p>`}</section>
${claims}
<section id="editorial"><h2>Editorial analysis</h2><p class="note">Referee reports of the three tribunal roles and the point-by-point rebuttal of each revision round, as recorded in the ledger.</p>${editorialAnalysis(s.rounds)}</section>
${references}
${accountingBlock}
${integrity}
${shown ? verifyPanel({ mode: 'synthesis', bundleUrl: `/s/${encodeURIComponent(s.synthesisId)}/bundle${version ? `?version=${shown.manifest.manifestVersion}` : ''}`, siteKeys }) : ''}
</article>`;
  return layout({ title, body, banner: statusBanner(s) });
}
