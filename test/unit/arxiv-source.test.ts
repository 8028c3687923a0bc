import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArxivSource, buildArxivSearchQuery, type ArxivClock } from '../../activities/sources/arxiv-source';
import { EnvironmentError, ValidationError } from '../../common/errors';
import { RecordedHttpServer } from '../support/recorded-http-server';
import { caught } from '../support/caught';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/arxiv', name), 'utf8');
const atom = (name: string) => ({ status: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8' }, body: fixture(name) });

const T0 = 1_000_000;

/** A clock whose sleep advances fake time instantly and remembers when each sleeper woke. */
function fakeClock(): ArxivClock & { sleeps: number[]; wakes: number[] } {
  let t = T0;
  const sleeps: number[] = [];
  const wakes: number[] = [];
  return {
    sleeps,
    wakes,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      wakes.push(t + ms);
      t += ms;
    },
  };
}


describe('ArxivSource', () => {
  let server: RecordedHttpServer;

  beforeEach(async () => {
    server = await RecordedHttpServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  const source = (options: ConstructorParameters<typeof ArxivSource>[0] = {}) =>
    new ArxivSource({ baseUrl: server.baseUrl, minIntervalMs: 0, timeoutMs: 2000, ...options });

  describe('when results span two pages', () => {
    it('pages through them and returns ranked papers', async () => {
      server.route('GET', '/api/query', atom('search-page-1.xml'), atom('search-page-2.xml'));
      const results = await source({ pageSize: 2 }).search('Does retrieval reduce hallucination?', 10);

      expect(results.map((r) => [r.paper.id, r.rank, r.score])).toEqual([
        ['arxiv:2403.01234', 1, 1],
        ['arxiv:cs/0701012', 2, 0.5],
        ['arxiv:2501.09876', 3, 1 / 3],
      ]);
      expect(results[0].query).toBe('Does retrieval reduce hallucination?');
      expect(results[0].paper).toEqual({
        id: 'arxiv:2403.01234',
        title: 'Grounded Generation: Measuring Hallucination in Retrieval-Augmented Language Models',
        abstract: expect.stringMatching(/^Retrieval-augmented generation \(RAG\) reduces unsupported statements, but by how much\? .* below 0\.6\.$/),
        authors: ['Mira Okonkwo', 'Tomasz Wielgus', 'Lea Fournier'],
        year: 2024,
        locator: 'https://arxiv.org/abs/2403.01234v3',
        adapter: 'arxiv',
        license: 'http://creativecommons.org/licenses/by/4.0/',
        arxivId: '2403.01234',
        url: 'https://arxiv.org/abs/2403.01234v3',
      });
    });

    it('sends the arXiv query parameters and a User-Agent', async () => {
      server.route('GET', '/api/query', atom('search-page-1.xml'), atom('search-page-2.xml'));
      await source({ pageSize: 2, userAgent: 'synthledger-test/1' }).search('Does retrieval reduce hallucination?', 10);

      expect(server.requests.map((r) => r.query)).toEqual([
        { search_query: 'all:retrieval AND all:reduce AND all:hallucination', start: '0', max_results: '2', sortBy: 'relevance', sortOrder: 'descending' },
        { search_query: 'all:retrieval AND all:reduce AND all:hallucination', start: '2', max_results: '2', sortBy: 'relevance', sortOrder: 'descending' },
      ]);
      expect(server.requests[0].headers['user-agent']).toBe('synthledger-test/1');
    });

    it('waits the polite interval between requests', async () => {
      server.route('GET', '/api/query', atom('search-page-1.xml'), atom('search-page-2.xml'));
      const clock = fakeClock();
      await new ArxivSource({ baseUrl: server.baseUrl, pageSize: 2, clock }).search('retrieval hallucination', 10);
      expect(clock.sleeps).toEqual([3000]);
    });

    it('stops at the limit without fetching further pages', async () => {
      server.route('GET', '/api/query', atom('search-page-1.xml'));
      const results = await source({ pageSize: 2 }).search('retrieval hallucination', 2);
      expect(results).toHaveLength(2);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('when concurrent searches share one instance', () => {
    it('spaces all their requests', async () => {
      server.route('GET', '/api/query', atom('search-empty.xml'));
      const clock = fakeClock();
      const shared = new ArxivSource({ baseUrl: server.baseUrl, clock, minIntervalMs: 3000 });
      await Promise.all([shared.search('a b', 5), shared.search('c d', 5), shared.search('e f', 5)]);
      expect(clock.wakes).toEqual([T0 + 3000, T0 + 6000]);
    });
  });

  describe('when nothing matches', () => {
    it('returns an empty list', async () => {
      server.route('GET', '/api/query', atom('search-empty.xml'));
      await expect(source().search('zzqxv plorbit', 10)).resolves.toEqual([]);
    });
  });

  describe('when the body is malformed XML', () => {
    it('throws a non-retryable PROVIDER_RESPONSE_INVALID naming the problem', async () => {
      server.route('GET', '/api/query', atom('search-malformed.xml'));
      const err = await caught<EnvironmentError>(source().search('retrieval', 10));
      expect(err).toBeInstanceOf(EnvironmentError);
      expect(err).toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID', retryable: false });
      expect(err.message).toMatch(/unreadable Atom feed .*unclosed xml tag\(s\): feed/);
    });
  });

  describe('when arXiv answers with an error entry', () => {
    it('throws a non-retryable PROVIDER_ERROR with arXiv\'s explanation', async () => {
      server.route('GET', '/api/query', atom('error-entry.xml'));
      const err = await caught<EnvironmentError>(source().search('retrieval', 10));
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', retryable: false });
      expect(err.message).toContain('start must be an integer');
    });
  });

  describe('when arXiv is unavailable or throttling', () => {
    it.each([
      [503, { 'retry-after': '120' }, 120],
      [429, {}, null],
      [500, {}, null],
    ])('treats HTTP %i as retryable SOURCE_UNAVAILABLE', async (status, headers, retryAfterSeconds) => {
      server.route('GET', '/api/query', { status, headers, body: 'Rate exceeded.' });
      const err = await caught<EnvironmentError>(source().search('retrieval', 10));
      expect(err).toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true, details: { status, retryAfterSeconds } });
      expect(err.message).toContain(`HTTP ${status}`);
    });
  });

  describe('when arXiv refuses the request with another 4xx', () => {
    it('throws a non-retryable PROVIDER_ERROR', async () => {
      server.route('GET', '/api/query', { ...atom('error-entry.xml'), status: 400 });
      const err = await caught<EnvironmentError>(source().search('retrieval', 10));
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', retryable: false, details: { status: 400 } });
      expect(err.message).toMatch(/HTTP 400: start must be an integer/);
    });
  });

  describe('when arXiv does not answer in time', () => {
    it('aborts and throws a retryable SOURCE_UNAVAILABLE', async () => {
      server.route('GET', '/api/query', { ...atom('search-empty.xml'), delayMs: 5000 });
      const started = Date.now();
      const err = await caught<EnvironmentError>(source({ timeoutMs: 150 }).search('retrieval', 10));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err).toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true, details: { kind: 'timeout' } });
      expect(err.message).toMatch(/did not answer within 150 ms/);
    });
  });

  describe('when the connection is reset', () => {
    it('throws a retryable SOURCE_UNAVAILABLE', async () => {
      server.route('GET', '/api/query', { reset: true });
      const err = await caught<EnvironmentError>(source().search('retrieval', 10));
      expect(err).toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true, details: { kind: 'network' } });
    });
  });

  describe('when nothing listens at the base URL (offline)', () => {
    it('throws a retryable SOURCE_UNAVAILABLE that suggests the corpus', async () => {
      const gone = await RecordedHttpServer.start();
      const url = gone.baseUrl;
      await gone.close();
      const err = await caught<EnvironmentError>(new ArxivSource({ baseUrl: url, minIntervalMs: 0 }).search('retrieval', 10));
      expect(err).toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true });
      expect(err.message).toMatch(new RegExp(`^cannot reach arXiv at ${url.replace(/[.]/g, '\\.')}: .*ECONNREFUSED.*\\(offline\\? use --source corpus\\)$`));
    });
  });

  describe('when arguments or options are invalid', () => {
    it('refuses them', async () => {
      await expect(source().search('?!', 10)).rejects.toBeInstanceOf(ValidationError);
      await expect(source().search('retrieval', -1)).rejects.toBeInstanceOf(ValidationError);
      expect(() => new ArxivSource({ baseUrl: 'ftp://example.org' })).toThrow(/http or https/);
      expect(() => new ArxivSource({ pageSize: 5000 })).toThrow(/pageSize/);
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('buildArxivSearchQuery', () => {
  describe('when the query holds stopwords and Lucene syntax', () => {
    it('keeps only content terms so nothing can inject operators', () => {
      expect(buildArxivSearchQuery('What is "self-attention" AND ti:(x)?')).toBe('all:self AND all:attention AND all:ti AND all:x');
      expect(buildArxivSearchQuery('graph neural networks', 'OR')).toBe('all:graph OR all:neural OR all:networks');
    });
  });

  describe('when only stopwords remain', () => {
    it('searches for them rather than nothing', () => {
      expect(buildArxivSearchQuery('what is it')).toBe('all:what AND all:is AND all:it');
    });
  });
});
