import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidationError } from '../../common/errors';
import { readBoundedFile } from '../../runtime/services/read-bounded-file';
import { checkBundleTarget, writeBundle, type PublishedBundle } from '../../runtime/operations/bundle-export';
import { secretVolume } from '../support/secret-volume';

let dir: string;
beforeAll(() => {
  // Without links of its own on the way (a system's /tmp may be one), so that only the test's links are followed.
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'bounded-')));
  writeFileSync(join(dir, 'small.json'), '{"a":1}');
  writeFileSync(join(dir, 'big.json'), Buffer.alloc(2049, 0x20));
  symlinkSync(join(dir, 'small.json'), join(dir, 'link.json'));
  symlinkSync('/dev/zero', join(dir, 'zero-link.json'));
  execFileSync('mkfifo', [join(dir, 'fifo.json')]);
  mkdirSync(join(dir, 'a-dir'));
  secretVolume(join(dir, 'secret'), { key: 'PRIVATE+KEY+x\n' });
  symlinkSync(join(dir, 'missing.json'), join(dir, 'dangling.json'));
  symlinkSync(join(dir, 'fifo.json'), join(dir, 'fifo-link.json'));
  symlinkSync(join(dir, 'big.json'), join(dir, 'big-link.json'));
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, maxBytes = 1024, followLinks = false): ValidationError {
  try {
    readBoundedFile(path, { field: '--file', maxBytes, followLinks });
  } catch (e) {
    return e as ValidationError;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('readBoundedFile', () => {
  describe('when the file is a small regular file', () => {
    it('returns its bytes', () => {
      expect(readBoundedFile(join(dir, 'small.json'), { field: '--file', maxBytes: 7 }).toString()).toBe('{"a":1}');
    });
  });

  describe('when the path is not a regular file reached directly', () => {
    it.each([
      ['a symbolic link to a regular file', 'link.json', 'symbolic link'],
      ['a symbolic link to /dev/zero', 'zero-link.json', 'symbolic link'],
      ['a FIFO (would block a plain read)', 'fifo.json', 'a FIFO'],
      ['a directory', 'a-dir', 'a directory'],
    ])('refuses %s without reading it', (_what, name, words) => {
      const e = refusal(join(dir, name));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.issues).toEqual([expect.objectContaining({ path: '--file', code: 'regular-file' })]);
      expect(e.message).toContain(words);
    });

    it('refuses a character device', () => {
      const e = refusal('/dev/zero');
      expect(e.issues[0]).toMatchObject({ code: 'regular-file' });
      expect(e.message).toContain('a device');
    });

    it('refuses a missing file as such', () => {
      expect(refusal(join(dir, 'missing.json')).issues[0]).toMatchObject({ code: 'exists', path: '--file' });
    });
  });

  describe('when links may be followed (the operator\'s own files)', () => {
    it('reads the file at the end of a link, and of a Kubernetes secret volume\'s two links', () => {
      expect(readBoundedFile(join(dir, 'link.json'), { field: '--file', maxBytes: 7, followLinks: true }).toString()).toBe('{"a":1}');
      expect(readBoundedFile(join(dir, 'secret', 'key'), { field: '--key', maxBytes: 64, followLinks: true }).toString()).toBe('PRIVATE+KEY+x\n');
    });

    it.each([
      ['a link to /dev/zero', 'zero-link.json', 'INVALID_ARGUMENT', 'regular-file', 'a device'],
      ['a link to a FIFO', 'fifo-link.json', 'INVALID_ARGUMENT', 'regular-file', 'a FIFO'],
      ['a link to a missing file', 'dangling.json', 'INVALID_ARGUMENT', 'exists', 'does not exist'],
      ['a loop of links', 'loop-a', 'INVALID_ARGUMENT', 'readable', 'ELOOP'],
      ['a link to a file over the cap', 'big-link.json', 'PAYLOAD_TOO_LARGE', 'maxBytes', 'the limit is 1024'],
    ])('refuses %s as it would refuse the file itself, naming the path given', (_what, name, code, rule, words) => {
      const e = refusal(join(dir, name), 1024, true);
      expect(e.code).toBe(code);
      expect(e.issues).toEqual([expect.objectContaining({ path: '--file', code: rule })]);
      expect(e.message).toContain(words);
      expect(e.message).toContain(join(dir, name));
    });

    it('names the file a link ends at when that file is refused, and no link when there was none', () => {
      expect(refusal(join(dir, 'fifo-link.json'), 1024, true).message).toContain(`(a link to ${join(dir, 'fifo.json')})`);
      expect(refusal(join(dir, 'fifo.json'), 1024, true).issues[0]!.message).toBe(`${join(dir, 'fifo.json')} is a FIFO, not a regular file`);
    });
  });

  describe('when the file is larger than the cap', () => {
    it('refuses it with PAYLOAD_TOO_LARGE before reading', () => {
      const e = refusal(join(dir, 'big.json'), 2048);
      expect(e.code).toBe('PAYLOAD_TOO_LARGE');
      expect(e.issues[0]).toMatchObject({ code: 'maxBytes', path: '--file' });
      expect(e.message).toContain('the limit is 2048');
    });
  });
});

/** The manifest fields the bundle's RO-Crate metadata reads; the rest does not matter to writing. */
const MANIFEST_JSON = JSON.stringify({
  synthesisId: 'syn_x', manifestVersion: 1, title: 't', researchQuestion: 'q?', publishedAt: '2026-01-01T00:00:00.000Z', publisher: 'p',
  pipeline: { name: 'synthledger', version: '0.1.0', configHash: 'sha256:00' }, workflow: { workflowId: 'syn_x', taskQueue: 'q' },
  review: { score: 7, decision: 'AUTO_APPROVE' }, qualityTier: { tier: 'Watchlist' }, correction: { status: 'CURRENT' },
  claims: [], sources: [], artifacts: [{ name: 'report.md', mediaType: 'text/markdown' }],
}) + '\n';
const BUNDLE: PublishedBundle = {
  manifest: {} as PublishedBundle['manifest'], manifestJson: MANIFEST_JSON, manifestHash: 'sha256:00',
  receipt: {} as PublishedBundle['receipt'], receiptJson: '{"r":1}', artifacts: new Map([['report.md', Buffer.from('# r\n')]]), publicKey: 'key+1+AA',
};

describe('writeBundle', () => {
  describe('when the target is new or an empty directory', () => {
    it('writes the whole bundle and leaves no temporary directory', () => {
      const parent = mkdtempSync(join(tmpdir(), 'export-'));
      mkdirSync(join(parent, 'empty'));
      for (const target of [join(parent, 'new'), join(parent, 'empty')]) {
        const files = writeBundle(BUNDLE, target);
        expect(readdirSync(target).sort()).toEqual(['manifest.json', 'public-key.txt', 'receipt.json', 'report.md', 'ro-crate-metadata.json', 'verify-bundle.mjs']);
        expect(files).toHaveLength(6);
      }
      expect(readdirSync(parent).sort()).toEqual(['empty', 'new']);
      rmSync(parent, { recursive: true });
    });
  });

  describe('when the target is an existing file or a non-empty directory', () => {
    it('refuses both without --force and changes nothing', () => {
      const parent = mkdtempSync(join(tmpdir(), 'export-'));
      writeFileSync(join(parent, 'a-file'), 'keep');
      mkdirSync(join(parent, 'full'));
      writeFileSync(join(parent, 'full', 'old.txt'), 'old');
      for (const target of [join(parent, 'a-file'), join(parent, 'full')]) {
        let err: ValidationError | undefined;
        try {
          writeBundle(BUNDLE, target);
        } catch (e) {
          err = e as ValidationError;
        }
        expect(err?.code).toBe('INVALID_ARGUMENT');
        expect(err?.issues[0]).toMatchObject({ code: 'empty-target', path: '--out' });
        expect(() => checkBundleTarget(target)).toThrow(/--force/);
      }
      expect(readFileSync(join(parent, 'a-file'), 'utf8')).toBe('keep');
      expect(readdirSync(join(parent, 'full'))).toEqual(['old.txt']);
      expect(readdirSync(parent).sort()).toEqual(['a-file', 'full']);
      rmSync(parent, { recursive: true });
    });

    it('replaces them with --force, leaving only the new bundle', () => {
      const parent = mkdtempSync(join(tmpdir(), 'export-'));
      mkdirSync(join(parent, 'full'));
      writeFileSync(join(parent, 'full', 'old.txt'), 'old');
      writeBundle(BUNDLE, join(parent, 'full'), { force: true });
      expect(readdirSync(join(parent, 'full'))).not.toContain('old.txt');
      expect(readFileSync(join(parent, 'full', 'manifest.json'), 'utf8')).toBe(MANIFEST_JSON);
      expect(readdirSync(parent)).toEqual(['full']);
      rmSync(parent, { recursive: true });
    });
  });
});
