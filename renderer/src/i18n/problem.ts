/**
 * Turns what went wrong into a sentence in the interface's language. Stores and the WebRTC engine stay
 * free of vue-i18n: they keep what they know (a Result's error code and the sender's message, a media
 * failure's reason and device, or, for older paths, a ready-made English sentence) and the UI calls
 * `problemText` when it renders.
 */
import { useI18n } from 'vue-i18n';
import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode, type ResultError } from '../../../common/result';
import type { MediaProblem } from '../rtc/local-tracks';
import { en } from './en';

/** The schemas' English sentences, back to their keys under `validation`. */
const VALIDATION_KEYS = new Map(Object.entries(en.validation).map(([key, sentence]) => [sentence, key]));

/** Anything a store may hold to tell the user: see the module comment. */
export type Problem = string | ResultError | MediaProblem;

function isErrorCode(code: unknown): code is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(code);
}

/** The translate function of a Composer (`useI18n().t` or `i18n.global.t`), as far as this needs it. */
type Translate = (key: string, named?: Record<string, unknown>) => string;

/** `problem` in words, for `locale`; useProblemText binds it to the component's i18n. */
export function problemText(problem: Problem, t: Translate, locale: string): string {
  if (typeof problem === 'string') {
    // A sentence of the shared schemas (made in English in common/) has its own translation.
    const key = VALIDATION_KEYS.get(problem);
    return key ? t(`validation.${key}`) : problem;
  }
  if ('reason' in problem) {
    return t(`media.${problem.reason}`, { device: t(`media.device.${problem.device}`) });
  }
  if (!isErrorCode(problem.code)) return problem.message;
  // The sender's own message is more precise than the generic one for its code, and it is English:
  // English readers get it as sent; other languages get the code's translated sentence.
  if (problem.message !== ERROR_MESSAGES[problem.code] && locale === 'en') return problem.message;
  return t(`errors.${problem.code}`);
}

export function useProblemText(): (problem: Problem) => string {
  const { t, locale } = useI18n();
  return (problem) => problemText(problem, t as Translate, locale.value);
}
