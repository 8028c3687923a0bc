import { markdownReference, referenceParts } from '../../activities/stages/reference';
import { paper } from './fixtures/stage-fixtures';

const escape = (t: string) => t.replace(/</g, '&lt;');

describe('references', () => {
  it('names authors (six, then et al.), year, arXiv id, DOI, landing page and project page when the source has them', () => {
    const p = {
      ...paper('corpus:0000000000c1', 'A <b>paper</b>', 'x'),
      authors: ['A', 'B', 'C', 'D', 'E', 'F', 'G'], year: 2021, arxivId: '2109.01652', doi: '10.1000/xyz', url: 'https://example.org/p', projectUrl: 'https://github.com/x/y',
    };
    expect(markdownReference(p, escape)).toBe(
      'A, B, C, D, E, F et al. (2021). A &lt;b>paper&lt;/b>. arXiv:2109.01652 <https://arxiv.org/abs/2109.01652>. doi:10.1000/xyz <https://doi.org/10.1000/xyz>. <https://example.org/p>. code/project <https://github.com/x/y>. Source text: <data/corpus.json#corpus:0000000000c1>.',
    );
  });
  it('says when the collection records no authors or year, and invents no link', () => {
    const p = paper('corpus:0000000000c2', 'Untitled work', 'x');
    expect(referenceParts(p).links).toEqual([]);
    expect(markdownReference(p, escape)).toBe('Untitled work (authors and year not recorded in the searched collection). Source text: <data/corpus.json#corpus:0000000000c2>.');
  });
  it('does not repeat the arXiv page as a separate landing page', () => {
    const p = { ...paper('corpus:0000000000c3', 'T', 'x'), arxivId: '2109.01652', url: 'https://arxiv.org/abs/2109.01652' };
    expect(referenceParts(p).links.map((l) => l.label)).toEqual(['arXiv:2109.01652']);
  });
});
