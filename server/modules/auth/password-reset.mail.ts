import type { Locale } from '../../../shared/constants.ts';

// Server-side strings, only ever sent by mail (like the digest's, see alerts/digest.template.ts).
const TEXTS = {
  ru: {
    subject: 'Kopir: сброс пароля',
    greeting: (name: string) => `Здравствуйте, ${name}!`,
    body: (minutes: number) => `Кто-то (надеемся, вы) попросил сбросить пароль вашей учётной записи Kopir. Чтобы задать новый пароль, откройте ссылку (она действует ${minutes} минут и только один раз):`,
    ignore: 'Если вы не просили сбросить пароль, просто удалите это письмо: ваш пароль не изменится.',
  },
  kk: {
    subject: 'Kopir: құпиясөзді қалпына келтіру',
    greeting: (name: string) => `Сәлеметсіз бе, ${name}!`,
    body: (minutes: number) => `Біреу (сіз деп үміттенеміз) Kopir есептік жазбаңыздың құпиясөзін қалпына келтіруді сұрады. Жаңа құпиясөз орнату үшін сілтемені ашыңыз (ол ${minutes} минут және тек бір рет жарамды):`,
    ignore: 'Егер сіз құпиясөзді қалпына келтіруді сұрамасаңыз, бұл хатты өшіре салыңыз: құпиясөзіңіз өзгермейді.',
  },
  en: {
    subject: 'Kopir: reset your password',
    greeting: (name: string) => `Hello ${name},`,
    body: (minutes: number) => `Someone (hopefully you) asked to reset the password of your Kopir account. To choose a new password, open this link (it works for ${minutes} minutes and only once):`,
    ignore: 'If you did not ask for this, just delete this e-mail: your password stays as it is.',
  },
} satisfies Record<Locale, unknown>;

export function passwordResetMail(locale: Locale, { name, link, validMinutes }: { name: string; link: string; validMinutes: number }) {
  const texts = TEXTS[locale] ?? TEXTS.ru;
  return {
    subject: texts.subject,
    text: [texts.greeting(name), '', texts.body(validMinutes), link, '', texts.ignore, ''].join('\n'),
  };
}
