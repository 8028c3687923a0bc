import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CorpusSource, corpusIdForTitle, loadCorpus, validateCorpus } from '../../activities/sources/corpus';
import { isSynthledgerError, ValidationError } from '../../common/errors';

// The seed documents the corpus is built from are bundled in data/seeds (scripts/build-corpus.ts).
const SEEDS = resolve(__dirname, '../../data/seeds');
const seed = (prefix: string) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string), 'utf8');

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (isSynthledgerError(err)) return err as ValidationError;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('corpus', () => {
  const papers = loadCorpus();

  describe('when loading the bundled corpus', () => {
    it('has one record per paper of the listing seed plus the reviewed paper', () => {
      // Independent count: an abstract is a paragraph line (titles are < 300 chars, abstracts longer).
      const abstractLines = seed('003_').split('\n').filter((l) => l.trim().length > 300).length;
      expect(abstractLines).toBeGreaterThan(100);
      expect(papers).toHaveLength(abstractLines + 1);
    });
    it('keeps every abstract verbatim from a seed', () => {
      const text = seed('003_') + '\n' + seed('002_');
      for (const p of papers) expect(text.includes(p.abstract)).toBe(true);
    });
    it('has no abstract containing another paper\'s title (nothing merged)', () => {
      for (const a of papers) for (const b of papers) if (a !== b) expect(a.abstract.toLowerCase().includes(b.title.toLowerCase())).toBe(false);
    });
    it('strips the glued "Subscribe" label from the first title', () => {
      expect(papers[0].title.startsWith('Compress, Then Prompt')).toBe(true);
      expect(papers.some((p) => /subscribe|trending papers/i.test(p.title))).toBe(false);
    });
    it('includes the FLAN paper of the reviewed-paper seed', () => {
      const flan = papers.find((p) => p.title === 'Finetuned Language Models Are Zero-Shot Learners');
      expect(flan?.abstract.startsWith('This paper explores a simple method')).toBe(true);
      expect(flan?.id).toBe(corpusIdForTitle('finetuned   language models are zero-shot learners'));
    });
    it('maps records to papers with corpus locators', () => {
      expect(papers[0]).toMatchObject({ adapter: 'bundled-corpus', locator: `data/corpus.json#${papers[0].id}`, authors: [], year: null, license: null });
    });
    it('keeps the reference fields the seeds name: FLAN\'s authors, year, arXiv id and URL; project pages named by abstracts', () => {
      const flan = papers.find((p) => p.title === 'Finetuned Language Models Are Zero-Shot Learners');
      expect(flan).toMatchObject({ year: 2021, arxivId: '2109.01652', url: 'https://arxiv.org/abs/2109.01652' });
      expect(flan?.authors).toHaveLength(9);
      expect(flan?.authors[0]).toBe('Jason Wei');
      expect(flan?.authors[8]).toBe('Quoc V. Le');
      expect(seed('002_')).toContain('arxiv: 2109.01652');
      const clip = papers.find((p) => p.title === 'Learning Transferable Visual Models From Natural Language Supervision');
      expect(clip?.projectUrl).toBe('https://github.com/OpenAI/CLIP');
      for (const p of papers) if (p.projectUrl !== undefined) expect(p.abstract).toContain(p.projectUrl);
      // The listing names no authors, years or identifiers: nothing is invented for it.
      expect(papers.filter((p) => p.authors.length > 0 || p.year !== null || p.arxivId !== undefined).map((p) => p.id)).toEqual([flan?.id]);
    });
  });

  describe('when a record is broken', () => {
    const good = { id: corpusIdForTitle('A Title'), title: 'A Title', abstract: 'An abstract.' };
    it.each([
      ['a missing title', [{ id: good.id, abstract: 'x' }], '$[0].title', 'required'],
      ['an empty abstract', [{ ...good, abstract: '  ' }], '$[0].abstract', 'minLength'],
      ['a malformed id', [{ ...good, id: 'corpus:XYZ' }], '$[0].id', 'pattern'],
      ['an id not matching the title hash', [{ ...good, id: 'corpus:000000000000' }], '$[0].id', 'id-mismatch'],
      ['a duplicate id', [good, good], '$[1].id', 'duplicate'],
      ['an unknown field', [{ ...good, extra: 1 }], '$[0].extra', 'additionalProperties'],
      ['a non-array document', { records: [] }, '$', 'type'],
      ['an author that is not a string', [{ ...good, authors: ['A', 3] }], '$[0].authors', 'type'],
      ['a year out of range', [{ ...good, year: 99 }], '$[0].year', 'range'],
      ['a malformed arXiv id', [{ ...good, arxivId: 'arXiv:2109' }], '$[0].arxivId', 'pattern'],
      ['a malformed DOI', [{ ...good, doi: 'doi.org/10.1' }], '$[0].doi', 'pattern'],
      ['a URL that is not http(s)', [{ ...good, url: 'javascript:alert(1)' }], '$[0].url', 'format'],
      ['a project URL with a space', [{ ...good, projectUrl: 'https://a.example/x y' }], '$[0].projectUrl', 'format'],
    ])('refuses %s with INVALID_CORPUS naming the path', (_name, data, path, rule) => {
      const err = errorOf(() => validateCorpus(data));
      expect(err.code).toBe('INVALID_CORPUS');
      expect(err.issues).toContainEqual(expect.objectContaining({ path, code: rule }));
    });
    it('refuses a file that is not JSON', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'corpus-')), 'corpus.json');
      writeFileSync(file, '[{');
      expect(errorOf(() => loadCorpus(file)).code).toBe('INVALID_CORPUS');
    });
  });

  describe('when searching through CorpusSource', () => {
    const source = new CorpusSource(papers);
    it('returns BM25-ranked papers with ranks from 1', async () => {
      const hits = await source.search('instruction tuning zero-shot', 5);
      expect(hits[0].paper.title).toBe('Finetuned Language Models Are Zero-Shot Learners');
      expect(hits.map((h) => h.rank)).toEqual([1, 2, 3, 4, 5]);
      expect(source.name).toBe('bundled-corpus');
    });
    it('refuses an empty query', async () => {
      await expect(source.search('  ', 5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.query' })] });
    });
  });
});
