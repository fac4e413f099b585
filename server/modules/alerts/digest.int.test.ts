// E-mail digests through a real SMTP server on a local port, and the log when there is none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { signUp } from '../../../tests/helpers/test-client.ts';
import { users } from '../users/users.table.ts';
import { notifications } from './alerts.table.ts';
import { createNotificationsRepo } from './notifications.repo.ts';
import { createDigestJob } from './digest.job.ts';
import { createLogMailer } from './digest.mailer.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import { parseMail, type ReceivedMail } from '../../../tests/helpers/smtp-inbox.ts';

let ctx: TestContext;
let smtp: SMTPServer;
let rejectMail = false;
const inbox: ReceivedMail[] = [];

const payloadFor = (title: string, reason: TaskMatchPayload['reason']): TaskMatchPayload => {
  const taskId = crypto.randomUUID();
  return { taskId, title, organisationName: 'Kazakhmys', reason, link: `/tasks/${taskId}` };
};

async function notify(userId: string, title: string, reason: TaskMatchPayload['reason'] = { kind: 'saved_search', savedSearchId: crypto.randomUUID(), name: 'Copper' }) {
  const payload = payloadFor(title, reason);
  const [row] = await createNotificationsRepo({ db: ctx.db }).insertNew([{ userId, kind: 'task_match', subjectId: payload.taskId, payload }]);
  return row;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rejectMail) return callback(new Error('mailbox unavailable'));
        inbox.push(parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope.rcptTo.map((rcpt) => rcpt.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = (smtp as unknown as { server: { address(): AddressInfo } }).server.address();
  ctx = await createTestContext({ smtp: { url: `smtp://127.0.0.1:${port}`, from: 'Kopir <alerts@kopir.test>' }, publicUrl: 'https://kopir.example' });
});
afterAll(async () => {
  await ctx.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe('e-mail digests', () => {
  it('sends each person one mail in their language listing all their new notifications, then nothing', async () => {
    const russian = await signUp(ctx.app, 'institute');
    const english = await signUp(ctx.app, 'institute', { locale: 'en' });
    await notify(russian.session.user.id, 'Медь из хвостов флотации');
    await notify(russian.session.user.id, 'Извлечение рения', { kind: 'profile', score: 0.7, concepts: ['Гидрометаллургия'] });
    await notify(english.session.user.id, 'Copper from flotation tailings');
    await notify(english.session.user.id, 'Rhenium recovery');
    const read = await notify(english.session.user.id, 'Already seen in the app');
    await english.client.post(`/api/notifications/${read.id}/read`);

    expect(await ctx.app.alerts.digest.runOnce()).toEqual({ mailed: 2, notifications: 4, failed: 0 });
    expect(inbox).toHaveLength(2);
    const toRussian = inbox.find((mail) => mail.to.includes(russian.credentials.email))!;
    expect(toRussian.subject).toBe('Kopir: новые задачи для вас (2)');
    expect(toRussian.body).toContain('Медь из хвостов флотации');
    expect(toRussian.body).toContain('Извлечение рения');
    expect(toRussian.body).toContain('соответствует профилю вашей организации: Гидрометаллургия');
    expect(toRussian.body).toMatch(/https:\/\/kopir\.example\/tasks\/[0-9a-f-]{36}/);
    const toEnglish = inbox.find((mail) => mail.to.includes(english.credentials.email))!;
    expect(toEnglish.subject).toBe('Kopir: new tasks for you (2)');
    expect(toEnglish.body).toContain('Copper from flotation tailings');
    expect(toEnglish.body).toContain('Rhenium recovery');
    expect(toEnglish.body).toContain('matches your saved search "Copper"');
    expect(toEnglish.body).not.toContain('Already seen in the app');

    expect(await ctx.app.alerts.digest.runOnce()).toEqual({ mailed: 0, notifications: 0, failed: 0 });
    expect(inbox).toHaveLength(2);
  });

  it('keeps notifications for the next run when the SMTP server refuses the mail', async () => {
    const person = await signUp(ctx.app, 'institute');
    await notify(person.session.user.id, 'Gallium from alumina liquor');
    rejectMail = true;
    try {
      expect(await ctx.app.alerts.digest.runOnce()).toMatchObject({ mailed: 0, failed: 1 });
    } finally {
      rejectMail = false;
    }
    expect(await ctx.app.alerts.digest.runOnce()).toMatchObject({ mailed: 1, failed: 0 });
    expect(inbox.at(-1)!.body).toContain('Gallium from alumina liquor');
  });

  it('without SMTP it logs the digest and marks it mailed, so nothing piles up', async () => {
    const person = await signUp(ctx.app, 'institute');
    const userId = person.session.user.id;
    await notify(userId, 'Lithium from oilfield brines');
    const logged: Record<string, unknown>[] = [];
    const log = { info: (object: Record<string, unknown>) => logged.push(object), warn: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;
    const job = createDigestJob({ db: ctx.db, mailer: createLogMailer(log), log, publicUrl: 'https://kopir.example', intervalMs: 60_000 });
    expect(await job.runOnce()).toMatchObject({ mailed: 1, notifications: 1 });
    const [{ email }] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    expect(logged).toContainEqual(expect.objectContaining({ to: email, userId, subject: 'Kopir: новые задачи для вас (1)', text: expect.stringContaining('Lithium from oilfield brines') }));
    const rows = await ctx.db.select().from(notifications).where(eq(notifications.userId, userId));
    expect(rows.every((row) => row.emailedAt !== null)).toBe(true);
    expect(await job.runOnce()).toMatchObject({ mailed: 0 });
    await job.stop();
  });
});
