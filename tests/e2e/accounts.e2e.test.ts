// Accounts in a real browser on a phone-sized screen: a person who forgot their password asks for a
// link, reads it from the e-mail (a real SMTP server on a local port), sets a new password and signs
// in; then changes their name on the account page. Needs `npm run build` first and Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserTestsCanRun, launchBrowser, newWatchedPage, serveForBrowser, submitSignIn, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { signUp } from '../helpers/test-client.ts';
import { startSmtpInbox, type SmtpInbox } from '../helpers/smtp-inbox.ts';

const ready = browserTestsCanRun('accounts.e2e.test.ts');

const PUBLIC_URL = 'https://kopir.example';

describe.skipIf(!ready)('accounts in a browser', () => {
  let ctx: TestContext;
  let smtp: SmtpInbox;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    ctx = await createTestContext({ webDir: WEB_DIR, smtp: { url: smtp.url, from: 'Kopir <no-reply@kopir.test>' }, publicUrl: PUBLIC_URL });
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    page = await newWatchedPage(context, consoleErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await smtp?.close();
  });

  const fitsTheScreen = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('forgot password → link from the e-mail → new password (with live strength feedback) → signed in', async () => {
    const { credentials } = await signUp(ctx.app, 'institute', { locale: 'en', fullName: 'Dana Akhmetova' });

    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('forgot-password-link').click();
    await page.waitForURL('**/forgot-password');
    expect(await fitsTheScreen()).toBe(true);
    const mailsBefore = smtp.inbox.length;
    // By keyboard: type the address and press Enter.
    await page.getByTestId('forgot-password-email').fill(credentials.email);
    await page.getByTestId('forgot-password-email').press('Enter');
    await page.getByTestId('forgot-password-sent').waitFor();

    const mail = await smtp.nextMailTo(credentials.email, mailsBefore);
    const link = /https:\/\/kopir\.example\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.body)?.[0];
    expect(link, mail.body).toBeTruthy();

    await page.goto(link!.replace(PUBLIC_URL, baseUrl));
    const password = page.getByTestId('reset-password-password');
    await password.fill('kazakhstan2026');
    await expect.poll(() => page.getByTestId('password-strength').getAttribute('data-ok')).toBe('false');
    // Submitting a weak password is stopped in the browser with the translated message.
    await page.getByTestId('reset-password-submit').click();
    expect(await page.getByTestId('error-password').textContent()).toMatch(/too easy to guess/);

    await password.fill('quartz meadow lantern');
    await expect.poll(() => page.getByTestId('password-strength').getAttribute('data-ok')).toBe('true');
    expect(await fitsTheScreen()).toBe(true);
    await password.press('Enter');
    await page.getByTestId('reset-password-done').waitFor();

    await page.getByTestId('reset-password-sign-in').click();
    await page.waitForURL('**/sign-in');
    await submitSignIn(page, { email: credentials.email, password: 'quartz meadow lantern' });
    await page.waitForURL('**/dashboard');

    // The used link does not work twice.
    await page.goto(link!.replace(PUBLIC_URL, baseUrl));
    await password.fill('another fine passphrase');
    await page.getByTestId('reset-password-submit').click();
    await page.getByTestId('reset-password-new-link').waitFor();
  });

  it('the account page, reached from the header, changes the name and fits a phone screen', async () => {
    await page.goto(`${baseUrl}/dashboard`);
    // At phone width (this test's viewport) the header folds its links behind the menu button.
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-account').click();
    await page.waitForURL('**/account');
    expect(await fitsTheScreen()).toBe(true);
    await page.getByTestId('account-full-name').fill('Dana Akhmetova-Serik');
    await page.getByTestId('account-profile-submit').click();
    await page.getByTestId('account-profile-saved').waitFor();
    expect((await (await page.request.get(`${baseUrl}/api/auth/session`)).json()).user.fullName).toBe('Dana Akhmetova-Serik');

    // A wrong current password is shown next to the field.
    await page.getByTestId('account-password-current').fill('not my password');
    await page.getByTestId('account-password-new').fill('granite lantern orbit');
    await page.getByTestId('account-password-submit').click();
    await page.getByTestId('error-changePassword-currentPassword').waitFor();
    expect(consoleErrors.filter((message) => !/status of 4\d\d/.test(message))).toEqual([]);
  });
});
