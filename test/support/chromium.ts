/**
 * Chromium for the browser tests: Debian's package (`/usr/bin/chromium`, or
 * `SYNTHLEDGER_CHROMIUM`), driven by playwright-core, headless, with a fresh
 * user-data directory per launch and nothing that phones home.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The Chromium binary the browser tests use. */
export function chromiumPath(): string {
  const path = process.env.SYNTHLEDGER_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install Debian's package (apt-get install -y chromium) or set SYNTHLEDGER_CHROMIUM`);
  return path;
}

/** A browser context on a fresh profile; `close()` also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'synthledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
