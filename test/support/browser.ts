import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's package; `.ci/run` installs it (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// ENVIRONMENT.md: the flags that make Debian's Chromium start headless as root with no network.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

export interface RenderedPage {
  title: string;
  status: number | undefined;
  /** Uncaught exceptions and console errors, except failed loads (see `failedRequests`). */
  errors: string[];
  /** Requests that got no answer: what a page without internet access misses. */
  failedRequests: string[];
  /** Requests that left 127.0.0.1: a page that needs the internet is blank offline. */
  externalRequests: string[];
  /** Whether `selector` appeared. */
  found: boolean;
}

/** Opens `url` and reports what a person would have seen, waiting for `selector` to appear. */
export async function renderPage(
  browser: Browser,
  url: string,
  options: { selector: string; httpCredentials?: { username: string; password: string } },
): Promise<RenderedPage> {
  const context = await browser.newContext(
    options.httpCredentials ? { httpCredentials: options.httpCredentials } : {},
  );
  const page = await context.newPage();
  const errors: string[] = [];
  const failedRequests: string[] = [];
  const externalRequests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A failed load is also reported as a console error; it is kept apart, with its URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(message.text());
    }
  });
  page.on('requestfailed', (request) => failedRequests.push(request.url()));
  page.on('request', (request) => {
    if (!new URL(request.url()).hostname.match(/^(127\.0\.0\.1|localhost)$/)) {
      externalRequests.push(request.url());
    }
  });
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    const found = await page
      .waitForSelector(options.selector, { timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    return {
      title: await page.title(),
      status: response?.status(),
      errors,
      failedRequests,
      externalRequests,
      found,
    };
  } finally {
    await context.close();
  }
}
