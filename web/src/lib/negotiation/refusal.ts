// An error frame in the reader's language: the server's REST catalogue (`errors.negotiations.*`,
// `errors.terms.invalid`), then the room's own wording of the wire codes, then the server's English text.
import type { Locale } from '../../../../shared/constants.ts';
import { translateDynamic } from '../../../../shared/i18n/index.ts';
import type { ErrorFrame } from './frames.ts';

export function refusalText(error: Pick<ErrorFrame, 'code' | 'message'>, locale: Locale): string {
  return (
    translateDynamic(locale, `errors.negotiations.${error.code}`) ??
    translateDynamic(locale, `errors.${error.code}`) ??
    translateDynamic(locale, `negotiations.errors.${error.code.replace('.', '_')}`) ??
    error.message
  );
}
