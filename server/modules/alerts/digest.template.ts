import type { Locale } from '../../../shared/constants.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import { translateDynamic } from '../../../shared/i18n/index.ts';

// Server-side strings: shared/i18n holds the web's catalogs, these are only ever sent by mail.
const TEXTS = {
  ru: {
    subject: (count: number) => `Kopir: новые задачи для вас (${count})`,
    subjectUpdates: (count: number) => `Kopir: новости по задачам и предложениям (${count})`,
    greeting: (name: string) => `Здравствуйте, ${name}!`,
    intro: 'На Kopir опубликованы задачи, которые могут вас заинтересовать:',
    introUpdates: 'Что нового для вас на Kopir:',
    savedSearch: (name: string) => `по сохранённому поиску «${name}»`,
    profile: 'соответствует профилю вашей организации',
    negotiation: { message: (title: string) => `новые сообщения в переговорах по «${title}»`, offer: (title: string) => `новые условия в переговорах по «${title}»`, agreed: (title: string) => `по «${title}» достигнуто соглашение`, ended: (title: string) => `переговоры по «${title}» завершены` },
    proposal: { submitted: (title: string) => `новое предложение «${title}»`, declined: (title: string) => `предложение «${title}» отклонено`, overdue: (title: string) => `предложение «${title}» ждёт вашего решения дольше срока` },
    moderation: (title: string, note: string) => `офис конкурса просит ещё раз посмотреть на ваши оценки «${title}»: ${note}`,
    call: { funded: (title: string) => `предложение «${title}» получило финансирование по конкурсу; отзывы экспертов — на странице предложения`, negotiation: (title: string) => `предложение «${title}» поддержано советом конкурса и переходит к переговорам; отзывы экспертов — на странице предложения`, not_funded: (title: string) => `предложение «${title}» не получило финансирования по конкурсу; причина и отзывы экспертов — на странице предложения` },
    more: (count: number) => `…и ещё ${count}. Все уведомления — на сайте.`,
    footer: 'Вы получили это письмо, потому что сохранили поиск на Kopir или профиль вашей организации подходит к новым задачам.',
  },
  kk: {
    subject: (count: number) => `Kopir: сізге арналған жаңа міндеттер (${count})`,
    subjectUpdates: (count: number) => `Kopir: міндеттер мен ұсыныстар жаңалықтары (${count})`,
    greeting: (name: string) => `Сәлеметсіз бе, ${name}!`,
    intro: 'Kopir-де сізді қызықтыруы мүмкін міндеттер жарияланды:',
    introUpdates: 'Kopir-де сізге арналған жаңалықтар:',
    savedSearch: (name: string) => `«${name}» сақталған іздеуі бойынша`,
    profile: 'ұйымыңыздың профиліне сәйкес келеді',
    negotiation: { message: (title: string) => `«${title}» бойынша келіссөздерде жаңа хабарлар`, offer: (title: string) => `«${title}» бойынша келіссөздерде жаңа шарттар`, agreed: (title: string) => `«${title}» бойынша келісімге қол жеткізілді`, ended: (title: string) => `«${title}» бойынша келіссөздер аяқталды` },
    proposal: { submitted: (title: string) => `жаңа ұсыныс «${title}»`, declined: (title: string) => `«${title}» ұсынысы қабылданбады`, overdue: (title: string) => `«${title}» ұсынысы шешіміңізді мерзімнен ұзақ күтуде` },
    moderation: (title: string, note: string) => `конкурс кеңсесі «${title}» бойынша бағаларыңызды қайта қарауды сұрайды: ${note}`,
    call: { funded: (title: string) => `«${title}» ұсынысы конкурс бойынша қаржыландырылды; сарапшылардың пікірлері ұсыныс бетінде`, negotiation: (title: string) => `«${title}» ұсынысын конкурс кеңесі қолдады, келіссөздерге өтеді; сарапшылардың пікірлері ұсыныс бетінде`, not_funded: (title: string) => `«${title}» ұсынысы конкурс бойынша қаржыландырылмады; себебі мен сарапшылардың пікірлері ұсыныс бетінде` },
    more: (count: number) => `…және тағы ${count}. Барлық хабарландырулар сайтта.`,
    footer: 'Бұл хат сізге Kopir-де іздеу сақтағаныңыз немесе ұйымыңыздың профилі жаңа міндеттерге сәйкес келгені үшін жіберілді.',
  },
  en: {
    subject: (count: number) => `Kopir: new tasks for you (${count})`,
    subjectUpdates: (count: number) => `Kopir: news on your tasks and proposals (${count})`,
    greeting: (name: string) => `Hello ${name},`,
    intro: 'Tasks that may interest you were published on Kopir:',
    introUpdates: 'What is new for you on Kopir:',
    savedSearch: (name: string) => `matches your saved search "${name}"`,
    profile: "matches your organisation's profile",
    negotiation: { message: (title: string) => `new messages in the negotiation on "${title}"`, offer: (title: string) => `new terms offered in the negotiation on "${title}"`, agreed: (title: string) => `agreement reached on "${title}"`, ended: (title: string) => `the negotiation on "${title}" has ended` },
    proposal: { submitted: (title: string) => `new proposal "${title}"`, declined: (title: string) => `proposal "${title}" was declined`, overdue: (title: string) => `proposal "${title}" has waited for your decision too long` },
    moderation: (title: string, note: string) => `the call's office asks you to look again at your scores of "${title}": ${note}`,
    call: { funded: (title: string) => `proposal "${title}" is funded in the call; the experts' reviews are on the proposal's page`, negotiation: (title: string) => `proposal "${title}" is supported by the call's council and moves to negotiation; the experts' reviews are on the proposal's page`, not_funded: (title: string) => `proposal "${title}" is not funded in the call; the reason and the experts' reviews are on the proposal's page` },
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

function describeReason(texts: (typeof TEXTS)[Locale], locale: Locale, payload: TaskMatchPayload): string {
  if (payload.reason.kind === 'saved_search') return texts.savedSearch(payload.reason.name);
  if (payload.reason.kind === 'proposal') {
    const { event, proposalTitle, reasonCode, note } = payload.reason;
    const line = texts.proposal[event](proposalTitle);
    // The decline reason in the recipient's words (the web's catalog), then the enterprise's note.
    const why = [reasonCode ? (translateDynamic(locale, `proposals.declineReason.${reasonCode}`) ?? reasonCode) : null, note].filter(Boolean).join(' — ');
    return why ? `${line}: ${why}` : line;
  }
  if (payload.reason.kind === 'negotiation') return texts.negotiation[payload.reason.event](payload.reason.proposalTitle);
  if (payload.reason.kind === 'partnership') {
    // The event in the recipient's words (the web's catalog), then the note (a reason or a comment).
    const line = translateDynamic(locale, `partnerships.events.${payload.reason.event}`) ?? payload.reason.event;
    return payload.reason.note ? `${line}: ${payload.reason.note}` : line;
  }
  if (payload.reason.kind === 'call') return texts.call[payload.reason.outcome](payload.reason.proposalTitle);
  if (payload.reason.kind === 'moderation') return texts.moderation(payload.reason.proposalTitle, payload.reason.note);
  const concepts = payload.reason.concepts.length ? `: ${payload.reason.concepts.join(', ')}` : '';
  return `${texts.profile}${concepts}`;
}

/** A plain-text digest in the person's language; links are absolute (mail has no base URL). */
export function composeDigest(locale: Locale, recipientName: string, items: TaskMatchPayload[], publicUrl: string): DigestMail {
  const language: Locale = TEXTS[locale] ? locale : 'ru';
  const texts = TEXTS[language];
  const listed = items.slice(0, DIGEST_ITEMS_MAX).map((item) =>
    [`• ${item.title} — ${item.organisationName}`, `  ${describeReason(texts, language, item)}`, `  ${publicUrl}${item.link}`].join('\n'),
  );
  const rest = items.length - listed.length;
  const aboutProposals = items.some((item) => ['proposal', 'negotiation', 'partnership', 'call'].includes(item.reason.kind));
  const text = [texts.greeting(recipientName), '', aboutProposals ? texts.introUpdates : texts.intro, '', listed.join('\n\n'), ...(rest > 0 ? ['', texts.more(rest)] : []), '', '—', texts.footer, publicUrl, ''].join('\n');
  return { subject: (aboutProposals ? texts.subjectUpdates : texts.subject)(items.length), text };
}
