// The built web app in a real browser on a phone-sized screen (390 px): an owner invites a colleague
// by e-mail, the colleague accepts from the link and creates their account, and an administrator
// disables that account by keyboard, reads the audit log and creates a program office.
// Needs `npm run build` first and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { browserTestsCanRun, launchBrowser, newWatchedPage, serveForBrowser, signIn, submitSignIn, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { signUp, uniqueBin } from '../helpers/test-client.ts';
import { createUsersRepo } from '../../server/modules/users/users.repo.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';

const ready = browserTestsCanRun('admin.e2e.test.ts');

describe.skipIf(!ready)('invitations and administration in a browser, at 390 px', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const inviteeEmail = `colleague-${Date.now()}@example.kz`;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let token = '';

  async function newPhone(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    contexts.push(context);
    return newWatchedPage(context, pageErrors);
  }

  const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR, publicUrl: 'https://kopir.example' });
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
    owner = await signUp(ctx.app, 'enterprise', { locale: 'en' });
    await createUsersRepo({ db: ctx.db }).insert({ email: 'root@example.kz', fullName: 'Platform Admin', passwordHash: await hashPassword('admin-password'), isPlatformAdmin: true, locale: 'en' });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await ctx?.close();
  });

  it('an owner invites a colleague by e-mail and sees the invitation pending', async () => {
    const page = await newPhone();
    const organisationPath = `/organisations/${owner.session.organisation.id}`;
    await signIn(page, baseUrl, owner.credentials, organisationPath);
    // The mail leaves through the app's mailer (the log without SMTP_URL); the spy reads the link.
    const send = vi.spyOn(ctx.app.mailer, 'send');
    await page.getByTestId('invite-email').fill(inviteeEmail);
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('invitation-sent').waitFor();
    expect(await page.getByTestId('invitation-sent').textContent()).toContain(inviteeEmail);
    expect(await page.getByTestId('pending-invitation').count()).toBe(1);
    token = send.mock.calls[0][0].text.match(/https:\/\/kopir\.example\/invitations\/([\w-]+)/)![1];
    send.mockRestore();
    expect(await overflowsSideways(page)).toBe(false);
  });

  it('the colleague opens the link, creates their account with the invited address and lands in the organisation', async () => {
    const page = await newPhone();
    await page.goto(`${baseUrl}/invitations/${token}`);
    expect(await page.getByTestId('invitation-title').textContent()).toBe(translate('en', 'invitations.title', { organisation: owner.session.organisation.name }));
    await page.getByTestId('invitation-name').fill('Dana Colleague');
    // The meter judges as the password is typed, as on sign-up; a weak one is refused before sending.
    await page.getByTestId('invitation-password').fill('password123');
    await expect.poll(() => page.getByTestId('password-strength').getAttribute('data-ok')).toBe('false');
    await page.getByTestId('invitation-accept').click();
    await expect.poll(() => page.getByTestId('error-password').textContent()).toBe(translate('en', 'errors.auth.weak_password'));
    await page.getByTestId('invitation-password').fill('correct horse battery');
    await expect.poll(() => page.getByTestId('password-strength').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('invitation-password').press('Enter');
    await page.waitForURL(`**/organisations/${owner.session.organisation.id}`);
    await expect.poll(() => page.getByTestId('member').count()).toBe(2);
    expect(await overflowsSideways(page)).toBe(false);

    // The link works once.
    await page.goto(`${baseUrl}/invitations/${token}`);
    expect(await page.getByTestId('invitation-unavailable').textContent()).toBe(translate('en', 'errors.invitations.used'));
  });

  it('an administrator disables that account by keyboard, finds it in the audit log and creates a program office', async () => {
    const page = await newPhone();
    await signIn(page, baseUrl, { email: 'root@example.kz', password: 'admin-password' }, '/admin');
    await page.getByTestId('admin-users-q').fill(inviteeEmail);
    await page.getByTestId('admin-users-q').press('Enter');
    await page.waitForURL(/[?&]q=/);
    await expect.poll(() => page.getByTestId('admin-user').count()).toBe(1);
    expect(await overflowsSideways(page)).toBe(false);

    await page.getByTestId('disable-user').focus();
    await page.keyboard.press('Enter');
    // The reason field takes the focus, so the keyboard carries on there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('disable-reason');
    await page.keyboard.type('Left the company');
    await page.keyboard.press('Enter');
    await page.getByTestId('user-disabled').waitFor();
    expect(await page.getByTestId('admin-notice').textContent()).toBe(translate('en', 'admin.disabledNotice', { name: 'Dana Colleague' }));

    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-action').fill('user.disable');
    await page.getByTestId('audit-action').press('Enter');
    await page.waitForURL(/action=user.disable/);
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBe(1);
    expect(await page.getByTestId('audit-entry').textContent()).toContain('root@example.kz');
    expect(await overflowsSideways(page)).toBe(false);

    await page.getByTestId('admin-tab-organisations').click();
    await page.getByTestId('program-office-name').fill('Akimat of Ulytau region');
    await page.getByTestId('program-office-bin').fill(uniqueBin());
    await page.getByTestId('program-office-submit').click();
    await page.getByTestId('program-office-created').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('the disabled colleague is told so at sign-in', async () => {
    const page = await newPhone();
    await page.goto(`${baseUrl}/sign-in`);
    await submitSignIn(page, { email: inviteeEmail, password: 'correct horse battery' });
    await expect.poll(() => page.getByText(translate('en', 'errors.auth.account_disabled')).count()).toBeGreaterThan(0);
  });
});
