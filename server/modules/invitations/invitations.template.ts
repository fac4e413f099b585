import type { Locale } from '../../../shared/constants.ts';

// Sent in the inviter's language: they know who they invite, the platform does not yet.
const TEXTS = {
  ru: {
    subject: (organisation: string) => `Kopir: приглашение в «${organisation}»`,
    body: (inviter: string, organisation: string, role: string, link: string, expires: string) =>
      `${inviter} приглашает вас в организацию «${organisation}» на Kopir (роль: ${role}).\n\nЧтобы принять приглашение, откройте ссылку:\n${link}\n\nСсылка действует до ${expires}. Если вы не ждали этого письма, просто удалите его.`,
    role: { owner: 'владелец', member: 'участник' },
  },
  kk: {
    subject: (organisation: string) => `Kopir: «${organisation}» ұйымына шақыру`,
    body: (inviter: string, organisation: string, role: string, link: string, expires: string) =>
      `${inviter} сізді Kopir-дегі «${organisation}» ұйымына шақырады (рөлі: ${role}).\n\nШақыруды қабылдау үшін сілтемені ашыңыз:\n${link}\n\nСілтеме ${expires} дейін жарамды. Егер бұл хатты күтпеген болсаңыз, оны жойыңыз.`,
    role: { owner: 'иесі', member: 'мүшесі' },
  },
  en: {
    subject: (organisation: string) => `Kopir: invitation to join ${organisation}`,
    body: (inviter: string, organisation: string, role: string, link: string, expires: string) =>
      `${inviter} invites you to join ${organisation} on Kopir (role: ${role}).\n\nTo accept, open this link:\n${link}\n\nThe link works until ${expires}. If you did not expect this e-mail, simply delete it.`,
    role: { owner: 'owner', member: 'member' },
  },
} satisfies Record<Locale, unknown>;

export function renderInvitationMail(input: {
  locale: Locale;
  inviter: string;
  organisation: string;
  role: 'owner' | 'member';
  link: string;
  expiresAt: Date;
}) {
  const texts = TEXTS[input.locale];
  const expires = input.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return { subject: texts.subject(input.organisation), text: texts.body(input.inviter, input.organisation, texts.role[input.role], input.link, expires) };
}
