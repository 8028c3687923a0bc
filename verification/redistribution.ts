/**
 * The licence rule of the evidence bundle, written once: which source texts
 * a bundle ships. The exporter (runtime/operations/evidence-export.ts)
 * applies it to decide what to ship, and deep verification applies it to the
 * signed provenance entries to require the texts that must be there, so a
 * text dropped from a bundle (with its line of the unsigned
 * `evidence/index.json`) cannot pass as withheld.
 */
import { CORPUS_ADAPTER, type SourceProvenance } from '../schemas/source-provenance.schema';

/** Licences that allow redistribution: any Creative Commons licence or public-domain dedication. */
const REDISTRIBUTABLE_LICENCE = /^https?:\/\/creativecommons\.org\/(licenses|publicdomain)\//;

/**
 * Whether a source text may be redistributed in a bundle: texts of the
 * bundled corpus (shipped with synthledger itself) and texts under a
 * Creative Commons licence or public-domain dedication. Anything else
 * (arXiv's default non-exclusive licence grants arXiv, not us, the right to
 * distribute) ships as hash and locator only.
 */
export function redistributable(p: Pick<SourceProvenance, 'adapter' | 'license'>): boolean {
  if (p.adapter === CORPUS_ADAPTER) return true;
  return typeof p.license === 'string' && REDISTRIBUTABLE_LICENCE.test(p.license);
}
