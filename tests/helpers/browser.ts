// What every browser test shares: where Chromium and the web build are, one launch with the flags
// that keep Chromium off the (closed) network, the app on a loopback port, watched pages and sign-in.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestContext } from './test-app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_DIR = fileURLToPath(new URL('../../web/build', import.meta.url));

// Without the networking flags Chromium keeps calling home on a box without network.
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Credentials {
  email: string;
  password: string;
}

/** Whether the browser tests of `file` can run here; says loudly why not (they are then skipped). */
export function browserTestsCanRun(file: string): boolean {
  if (!fs.existsSync(CHROMIUM)) {
    console.warn(`\n!!! ${file} SKIPPED: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n`);
    return false;
  }
  if (!fs.existsSync(`${WEB_DIR}/index.html`)) {
    console.warn(`\n!!! ${file} SKIPPED: no web build at ${WEB_DIR}. Run \`npm run build\` first.\n`);
    return false;
  }
  return true;
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });

/** Starts the test app on a free loopback port; answers its base URL. */
export async function serveForBrowser(ctx: TestContext): Promise<string> {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
}

/**
 * A page with a generous default timeout (the test box is shared and slow) whose uncaught errors,
 * and with `consoleErrors` its console errors too, are collected in `errors` for the test to check.
 */
export async function newWatchedPage(context: BrowserContext, errors: string[], { consoleErrors = false, timeout = 15_000 } = {}): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => errors.push(error.message));
  if (consoleErrors) {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
  }
  return page;
}

/** Fills and sends the sign-in form of the page that shows it. */
export async function submitSignIn(page: Page, { email, password }: Credentials) {
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** Signs in through the form and waits until the app has left it (for `next` when given). */
export async function signIn(page: Page, baseUrl: string, credentials: Credentials, next?: string) {
  await page.goto(`${baseUrl}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await submitSignIn(page, credentials);
  if (next) await page.waitForURL(`**${next}`);
  else await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

export interface SignedInOptions {
  viewport: { width: number; height: number };
  locale?: string;
  /** Uncaught page errors land here. */
  errors: string[];
  /** The new context is added here, for the test to close. */
  contexts: BrowserContext[];
  /** The page's default timeout in milliseconds, longer for pages that wait on several live clients. */
  timeout?: number;
}

/** A person in a browser context of their own (cookies apart from everyone else's), signed in. */
export async function openSignedIn(browser: Browser, baseUrl: string, credentials: Credentials, { viewport, locale = 'ru-RU', errors, contexts, timeout }: SignedInOptions): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
  contexts.push(context);
  const page = await newWatchedPage(context, errors, { timeout });
  await signIn(page, baseUrl, credentials);
  return page;
}

/** Closes what a browser test opened, in order: its contexts, the browser, then the app and its database. */
export async function closeBrowserTest(browser: Browser | undefined, ctx: TestContext | undefined, contexts: BrowserContext[] = []) {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await ctx?.close();
}

/**
 * What sticks out past the right edge of the viewport (so the page scrolls sideways), outermost
 * elements only and nothing a scroll box keeps in (an absolutely positioned element escapes a box
 * that is not its containing block): [] when the page fits. Names each by tag, classes and test id,
 * so a failing check says what to fix.
 */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const keptIn = (element: Element) => {
      const position = getComputedStyle(element).position;
      if (position === 'fixed') return false;
      let escaping = position === 'absolute';
      for (let node = element.parentElement; node && node !== document.documentElement; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (escaping) {
          if (style.position === 'static') continue;
          escaping = style.position === 'absolute';
          if (style.position === 'fixed') return false;
        }
        if (style.overflowX !== 'visible') return true;
      }
      return false;
    };
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > width + 1 && !keptIn(element);
    const out = new Set([...document.body.querySelectorAll('*')].filter(sticksOut));
    const found = [...out]
      .filter((element) => !element.parentElement || !out.has(element.parentElement))
      .map((element) => {
        const testId = element.getAttribute('data-testid');
        return `${element.tagName.toLowerCase()}${[...element.classList].map((name) => `.${name}`).join('')}${testId ? `[${testId}]` : ''} (${Math.round(element.getBoundingClientRect().right)} px)`;
      });
    if (found.length === 0 && document.documentElement.scrollWidth > width) found.push(`document (${document.documentElement.scrollWidth} px)`);
    return found;
  });
}
