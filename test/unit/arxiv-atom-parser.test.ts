import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtomParseError, normalizeWhitespace, parseArxivAtom, parseXml, splitArxivId } from '../../activities/sources/arxiv-atom-parser';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/arxiv', name), 'utf8');

describe('parseArxivAtom', () => {
  describe('when the feed is a result page', () => {
    const feed = parseArxivAtom(fixture('search-page-1.xml'));

    it('reads the OpenSearch counters', () => {
      expect(feed).toMatchObject({ totalResults: 3, startIndex: 0, itemsPerPage: 2, apiError: null });
    });

    it('strips the version from new- and old-style ids', () => {
      expect(feed.entries.map((e) => [e.arxivId, e.version])).toEqual([
        ['2403.01234', 3],
        ['cs/0701012', 1],
      ]);
    });

    it('collapses hard-wrapped whitespace and decodes entities and CDATA', () => {
      const [first, second] = feed.entries;
      expect(first.title).toBe('Grounded Generation: Measuring Hallucination in Retrieval-Augmented Language Models');
      expect(first.summary).toContain('six systems & find that retrieval lowers the hallucination rate from 27% to 11% (p < 0.01).');
      expect(first.summary.startsWith('Retrieval')).toBe(true);
      expect(second.summary).toContain('trained on <synthetic> corruptions');
    });

    it('reads authors, year, links, licence, DOI and categories', () => {
      const [first, second] = feed.entries;
      expect(first.authors).toEqual(['Mira Okonkwo', 'Tomasz Wielgus', 'Lea Fournier']);
      expect(first.year).toBe(2024);
      expect(first.link).toBe('https://arxiv.org/abs/2403.01234v3');
      expect(first.pdfLink).toBe('https://arxiv.org/pdf/2403.01234v3');
      expect(first.license).toBe('http://creativecommons.org/licenses/by/4.0/');
      expect(first.primaryCategory).toBe('cs.CL');
      expect(first.categories).toEqual(['cs.CL', 'cs.IR']);
      expect(second.license).toBeNull();
      expect(second.doi).toBe('10.1000/example.2007.0012');
    });
  });

  describe('when namespaces are declared on each element and names use character references', () => {
    it('resolves them', () => {
      const feed = parseArxivAtom(fixture('search-page-2.xml'));
      expect(feed.totalResults).toBe(3);
      expect(feed.entries[0].authors).toEqual(['Ana Beltrán', 'Jonas Müller']);
      expect(feed.entries[0].primaryCategory).toBe('cs.CL');
    });
  });

  describe('when the feed is empty', () => {
    it('returns no entries', () => {
      expect(parseArxivAtom(fixture('search-empty.xml'))).toMatchObject({ totalResults: 0, entries: [], apiError: null });
    });
  });

  describe('when arXiv reports an error as an entry', () => {
    it('returns the error instead of a paper', () => {
      const feed = parseArxivAtom(fixture('error-entry.xml'));
      expect(feed.entries).toEqual([]);
      expect(feed.apiError).toEqual({ id: 'http://arxiv.org/api/errors#start_must_be_an_integer', message: 'start must be an integer' });
    });
  });

  describe('when the document is not acceptable', () => {
    it.each([
      ['a truncated feed', fixture('search-malformed.xml'), /unclosed xml tag\(s\): feed/],
      ['an entry without id', fixture('entry-missing-id.xml'), /entry 1: missing <id>/],
      ['plain text (arXiv throttling)', 'Rate exceeded.', /text before the root element/],
      ['an empty body', '', /no root element/],
      ['an RSS document', '<rss version="2.0"><channel/></rss>', /expected an Atom <feed> root element/],
      ['a DOCTYPE', '<!DOCTYPE feed [<!ENTITY a "b">]><feed xmlns="http://www.w3.org/2005/Atom"/>', /DOCTYPE/],
      ['an unknown entity', '<feed xmlns="http://www.w3.org/2005/Atom"><title>&nbsp;</title></feed>', /entity not found:&nbsp;/],
      ['mismatched tags', '<feed xmlns="http://www.w3.org/2005/Atom"><title></summary></feed>', /line 1, column \d+: Opening and ending tag mismatch: "title" != "summary"/],
      ['an undeclared prefix', '<feed xmlns="http://www.w3.org/2005/Atom"><x:y/></feed>', /prefix is non-null and namespace is null/],
      ['a non-numeric total', '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:o="http://a9.com/-/spec/opensearch/1.1/"><o:totalResults>lots</o:totalResults></feed>', /not a non-negative integer/],
    ])('refuses %s, saying what is wrong', (_label, xml, message) => {
      expect(() => parseArxivAtom(xml)).toThrow(AtomParseError);
      expect(() => parseArxivAtom(xml)).toThrow(message);
    });
  });

  describe('when the document declares entities', () => {
    it('refuses a "billion laughs" expansion with a coded error before expanding anything', () => {
      const err = (() => {
        try {
          parseArxivAtom(fixture('entity-expansion.xml'));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(AtomParseError);
      expect(err).toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID', retryable: false, message: expect.stringMatching(/DOCTYPE declarations are not accepted/) });
    });

    it('refuses an external entity without reading the file it names', () => {
      const xml = fixture('external-entity.xml');
      expect(() => parseArxivAtom(xml)).toThrow(expect.objectContaining({ code: 'PROVIDER_RESPONSE_INVALID' }));
      expect(() => parseXml(xml)).toThrow(/DOCTYPE/);
      const message = (() => {
        try {
          parseXml(xml);
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      })();
      expect(message).not.toMatch(/root:|\/bin\/|nologin/);
    });

    it('refuses a DOCTYPE however it is spelled', () => {
      expect(() => parseXml('<?xml version="1.0"?>\n<!doctype feed SYSTEM "http://127.0.0.1/x.dtd"><feed/>')).toThrow(/DOCTYPE/);
    });
  });
});

describe('parseXml', () => {
  describe('when attributes use either quote and contain entities', () => {
    it('decodes them', () => {
      const el = parseXml(`<a b='x &amp; "y"' c="&#60;z&#x3E;"/>`);
      expect(el.attrs).toEqual({ b: 'x & "y"', c: '<z>' });
    });
  });
});

describe('splitArxivId', () => {
  describe('when given abs URLs and bare ids', () => {
    it('separates id and version', () => {
      expect(splitArxivId('https://arxiv.org/abs/2101.00001v12')).toEqual({ id: '2101.00001', version: 12 });
      expect(splitArxivId('http://arxiv.org/abs/hep-ex/0307015')).toEqual({ id: 'hep-ex/0307015', version: null });
      expect(splitArxivId('math.GT/0309136v2')).toEqual({ id: 'math.GT/0309136', version: 2 });
      expect(splitArxivId('http://arxiv.org/api/errors#x')).toBeNull();
    });
  });
});

describe('normalizeWhitespace', () => {
  describe('when text is hard-wrapped', () => {
    it('joins lines with single spaces', () => {
      expect(normalizeWhitespace('  a\n   b\t\tc \n')).toBe('a b c');
    });
  });
});
