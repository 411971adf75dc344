/**
 * The one place a problem becomes words in the interface's language. Stores and the WebRTC engine stay
 * free of vue-i18n and of sentences: they keep what they know as data (a refusal's error code, a
 * refused input's issue key and figures, a media failure's reason and device, or the key of a message
 * of our own) and the UI calls `problemText` when it renders.
 */
import { useI18n } from 'vue-i18n';
import type { Issue } from '../../../common/issues';
import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode, type ResultError } from '../../../common/result';
import type { MediaProblem } from '../rtc/local-tracks';
import type { TransferProblem } from '../rtc/transfers/model';
import type { MessageKey } from './en';
import { useSizeText } from './format';

/** A problem only the renderer knows of, named by the key of its message (`problems.notInRoom`). */
export interface LocalProblem {
  words: MessageKey;
  params?: Readonly<Record<string, string | number>>;
}

/**
 * Anything a store or component may hold to tell the user what went wrong: a refusal (server, main,
 * or the client's own transport), a refused input (common/issues.ts), a media failure, or our own.
 */
export type Problem = ResultError | Issue | MediaProblem | LocalProblem;

function isErrorCode(code: unknown): code is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(code);
}

/** The translate function of a Composer (`useI18n().t` or `i18n.global.t`), as far as this needs it. */
type Translate = (key: string, named?: Record<string, unknown>) => string;

/** `problem` in words, for `locale`; useProblemText binds it to the component's i18n. */
export function problemText(problem: Problem, t: Translate, locale: string): string {
  if ('reason' in problem) {
    return t(`media.${problem.reason}`, { device: t(`media.device.${problem.device}`) });
  }
  if ('field' in problem) return t(`issues.${problem.key}`, { ...problem.params });
  if ('words' in problem) return t(problem.words, { ...problem.params });
  // A code this build does not know (a newer server) has only the sender's words.
  if (!isErrorCode(problem.code)) return problem.message;
  // A refusal's code has a sentence in every language. The sender's own message can say more (who is
  // busy, how many a room holds) but is English: English readers get it as sent.
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
      case 'senderLeft':
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
