import type { Locale } from '../../../shared/constants.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';

// Server-side strings: shared/i18n holds the web's catalogs, these are only ever sent by mail.
const TEXTS = {
  ru: {
    subject: (count: number) => `Kopir: новые задачи для вас (${count})`,
    greeting: (name: string) => `Здравствуйте, ${name}!`,
    intro: 'На Kopir опубликованы задачи, которые могут вас заинтересовать:',
    savedSearch: (name: string) => `по сохранённому поиску «${name}»`,
    profile: 'соответствует профилю вашей организации',
    proposal: { submitted: (title: string) => `новое предложение «${title}»`, declined: (title: string) => `предложение «${title}» отклонено`, overdue: (title: string) => `предложение «${title}» ждёт вашего решения дольше срока` },
    more: (count: number) => `…и ещё ${count}. Все уведомления — на сайте.`,
    footer: 'Вы получили это письмо, потому что сохранили поиск на Kopir или профиль вашей организации подходит к новым задачам.',
  },
  kk: {
    subject: (count: number) => `Kopir: сізге арналған жаңа міндеттер (${count})`,
    greeting: (name: string) => `Сәлеметсіз бе, ${name}!`,
    intro: 'Kopir-де сізді қызықтыруы мүмкін міндеттер жарияланды:',
    savedSearch: (name: string) => `«${name}» сақталған іздеуі бойынша`,
    profile: 'ұйымыңыздың профиліне сәйкес келеді',
    proposal: { submitted: (title: string) => `жаңа ұсыныс «${title}»`, declined: (title: string) => `«${title}» ұсынысы қабылданбады`, overdue: (title: string) => `«${title}» ұсынысы шешіміңізді мерзімнен ұзақ күтуде` },
    more: (count: number) => `…және тағы ${count}. Барлық хабарландырулар сайтта.`,
    footer: 'Бұл хат сізге Kopir-де іздеу сақтағаныңыз немесе ұйымыңыздың профилі жаңа міндеттерге сәйкес келгені үшін жіберілді.',
  },
  en: {
    subject: (count: number) => `Kopir: new tasks for you (${count})`,
    greeting: (name: string) => `Hello ${name},`,
    intro: 'Tasks that may interest you were published on Kopir:',
    savedSearch: (name: string) => `matches your saved search "${name}"`,
    profile: "matches your organisation's profile",
    proposal: { submitted: (title: string) => `new proposal "${title}"`, declined: (title: string) => `proposal "${title}" was declined`, overdue: (title: string) => `proposal "${title}" has waited for your decision too long` },
    more: (count: number) => `…and ${count} more. See all notifications on the site.`,
    footer: "You receive this e-mail because you saved a search on Kopir or your organisation's profile matches new tasks.",
  },
} satisfies Record<Locale, unknown>;

/** Long digests are cut: the mail points to the site, it does not replace it. */
export const DIGEST_ITEMS_MAX = 30;

export interface DigestMail {
  subject: string;
  text: string;
}

function describeReason(texts: (typeof TEXTS)[Locale], payload: TaskMatchPayload): string {
  if (payload.reason.kind === 'saved_search') return texts.savedSearch(payload.reason.name);
  if (payload.reason.kind === 'proposal') {
    const line = texts.proposal[payload.reason.event](payload.reason.proposalTitle);
    return payload.reason.note ? `${line}: ${payload.reason.note}` : line;
  }
  const concepts = payload.reason.concepts.length ? `: ${payload.reason.concepts.join(', ')}` : '';
  return `${texts.profile}${concepts}`;
}

/** A plain-text digest in the person's language; links are absolute (mail has no base URL). */
export function composeDigest(locale: Locale, recipientName: string, items: TaskMatchPayload[], publicUrl: string): DigestMail {
  const texts = TEXTS[locale] ?? TEXTS.ru;
  const listed = items.slice(0, DIGEST_ITEMS_MAX).map((item) =>
    [`• ${item.title} — ${item.organisationName}`, `  ${describeReason(texts, item)}`, `  ${publicUrl}${item.link}`].join('\n'),
  );
  const rest = items.length - listed.length;
  const text = [texts.greeting(recipientName), '', texts.intro, '', listed.join('\n\n'), ...(rest > 0 ? ['', texts.more(rest)] : []), '', '—', texts.footer, publicUrl, ''].join('\n');
  return { subject: texts.subject(items.length), text };
}
