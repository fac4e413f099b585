import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Where mail (digests, invitations, password reset links) goes: SMTP, or the log when no SMTP server is configured. */
export interface Mailer {
  readonly delivers: boolean;
  send(mail: OutgoingMail, context: Record<string, unknown>): Promise<void>;
  close(): void;
}

export function createSmtpMailer({ url, from }: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(url, { from });
  return {
    delivers: true,
    async send(mail) {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP_URL the digest is logged instead of sent, and still counts as sent: a server that
 * cannot mail must not pile up notifications to send all at once the day SMTP is configured.
 */
export function createLogMailer(log: FastifyBaseLogger): Mailer {
  return {
    delivers: false,
    async send(mail, context) {
      log.info({ ...context, to: mail.to, subject: mail.subject, text: mail.text }, 'e-mail not sent (SMTP_URL is not set)');
    },
    close: () => undefined,
  };
}

export function createMailer(smtp: { url: string | null; from: string }, log: FastifyBaseLogger): Mailer {
  return smtp.url ? createSmtpMailer({ url: smtp.url, from: smtp.from }) : createLogMailer(log);
}
