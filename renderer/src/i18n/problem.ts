/**
 * Turns what went wrong into a sentence in the interface's language. Stores and the WebRTC engine stay
 * free of vue-i18n: they keep what they know (a Result's error code and the sender's message, a media
 * failure's reason and device, or, for older paths, a ready-made English sentence) and the UI calls
 * `problemText` when it renders.
 */
import { useI18n } from 'vue-i18n';
import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode, type ResultError } from '../../../common/result';
import type { MediaProblem } from '../rtc/local-tracks';
import type { TransferProblem } from '../rtc/transfers/model';
import { en } from './en';
import { useSizeText } from './format';

/** English sentences made outside the UI (schemas, chat), back to their keys. */
const SENTENCE_KEYS = new Map([
  ...Object.entries(en.validation).map(([key, sentence]) => [sentence, `validation.${key}`] as const),
  ...Object.entries(en.sentences).map(([key, sentence]) => [sentence, `sentences.${key}`] as const),
]);

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
    // A sentence made in English outside the UI (common/ schemas, the chat engine) has a translation.
    const key = SENTENCE_KEYS.get(problem);
    return key ? t(key) : problem;
  }
  if ('reason' in problem) {
    return t(`media.${problem.reason}`, { device: t(`media.device.${problem.device}`) });
  }
  // A known sentence (a typed address the shared rules refused…) has its own translation.
  const sentence = SENTENCE_KEYS.get(problem.message);
  if (sentence) return t(sentence);
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

/** A transfer's problem in words; sizes as the interface formats them. */
export function useTransferProblemText(): (problem: TransferProblem) => string {
  const { t } = useI18n();
  const size = useSizeText();
  return (problem) => {
    switch (problem.reason) {
      case 'declined':
      case 'tooLargeThere':
      case 'cancelledBy':
      case 'damagedThere':
        return t(`transferProblem.${problem.reason}`, { name: problem.name });
      case 'tooLargeHere':
        return t('transferProblem.tooLargeHere', { size: size(problem.size), limit: size(problem.limit) });
      case 'cannotSave':
      case 'writeFailed': {
        const sentence = t(`transferProblem.${problem.reason}`);
        return problem.detail
          ? t('transferProblem.detail', { problem: sentence, detail: problem.detail })
          : sentence;
      }
      default:
        return t(`transferProblem.${problem.reason}`);
    }
  };
}
