/**
 * A real Chromium for the report tests, through playwright-core with the system's browser (playwright's own
 * download is not used). A missing browser fails the suite with a message saying how to install it: a browser test
 * that skipped itself would let a broken dashboard through unnoticed.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launches headless Chromium.
 * @throws Error saying how to install Chromium when CHROMIUM_PATH is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (.ci/run does this on CI)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/**
 * Launches one browser for the enclosing suite (beforeAll) and closes it afterwards (afterAll).
 * @returns a getter for the browser, valid inside tests.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not running: useBrowser() must be called at the top of a describe');
    return browser;
  };
}

/** A page with everything that went wrong on it recorded. */
export interface WatchedPage {
  readonly page: Page;
  /** Console messages of type error, and uncaught exceptions. */
  readonly errors: string[];
  /** Requests that failed, and every request that is not for the page itself or a data: URL. */
  readonly requests: string[];
}

/**
 * Opens a new page at the given viewport size, recording console errors, uncaught exceptions and every network
 * request other than the page's own URL.
 */
export async function watchedPage(browser: Browser, viewport = { width: 1366, height: 900 }): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => requests.push(`failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('request', (request) => {
    const url = request.url();
    if (url !== page.url() && !url.startsWith('data:') && request.isNavigationRequest() === false) requests.push(url);
  });
  return { page, errors, requests };
}
