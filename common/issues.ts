/**
 * Why an input was refused, as data: a stable key and its parameters (`displayName.tooLong`,
 * `{ max: 40 }`). Schemas carry the key as their issue message; the renderer words the key in the
 * user's language, and the server words it in English from the table below for the `message` of a
 * refusal. Nothing ever turns a sentence back into a key.
 */
import type { z } from 'zod';

/**
 * English for every issue key, the wording the server sends and the renderer's English (en.ts takes
 * this table as it is). vue-i18n message syntax: `{max}` is a parameter; keep `@ | { } $` out of them.
 */
export const ISSUE_MESSAGES = {
  displayName: {
    empty: 'Enter a display name.',
    tooLong: 'A display name has at most {max} characters.',
    invisible: 'A display name cannot contain control or invisible characters.',
  },
  roomName: {
    empty: 'Enter a room name.',
    tooLong: 'A room name has at most {max} characters.',
    characters: 'A room name uses letters, digits, spaces, dots, dashes and underscores.',
  },
  roomPin: {
    tooShort: 'A room PIN has at least {min} characters.',
    tooLong: 'A room PIN has at most {max} characters.',
  },
  deviceId: {
    tooShort: 'A device id has at least {min} characters.',
    tooLong: 'A device id has at most {max} characters.',
    characters: 'A device id uses letters, digits, dashes and underscores.',
  },
  callId: {
    invalid: 'A call id is a UUID.',
  },
  callInvite: {
    nobody: 'Invite at least one person.',
    tooMany: 'Invite at most {max} people at once.',
  },
  iceServer: {
    scheme: 'An ICE server URL starts with stun:, turn: or turns:.',
  },
  address: {
    empty: 'Enter the address of a Nearcast server.',
    tooLong: 'That address is too long.',
    invalid: 'That is not an address. Try something like 192.168.1.20:{port}.',
    scheme: 'A Nearcast server address starts with http:// or https://.',
    credentials: 'A server address carries no user name or password.',
    path: 'Give only the server: host and port, with no path after it.',
    host: 'That address has no host.',
  },
  chat: {
    empty: 'Type a message first.',
    tooLong: 'A message has at most {max} characters.',
  },
  peerMessage: {
    id: 'Invalid id.',
  },
  input: {
    /** Refused by a check that has no key of its own (a wrong type, a missing field). */
    invalid: 'Invalid input.',
  },
};

type Table = typeof ISSUE_MESSAGES;

/** `domain.name`, e.g. `displayName.tooLong`: stable, so clients may word it as they like. */
export type IssueKey = { [D in keyof Table]: `${D & string}.${keyof Table[D] & string}` }[keyof Table];

export type IssueParams = Readonly<Record<string, string | number>>;

/** One refused input: which field (dotted path, '' for the whole input), why, and with what figures. */
export interface Issue {
  field: string;
  key: IssueKey;
  params: IssueParams;
}

/** The key a schema check carries as its message; typed, so a misspelt key fails the typecheck. */
export function issueKey(key: IssueKey): IssueKey {
  return key;
}

function wordingOf(key: string): string | null {
  const [domain, name] = key.split('.');
  const group = (ISSUE_MESSAGES as Record<string, Record<string, string> | undefined>)[domain ?? ''];
  return group?.[name ?? ''] ?? null;
}

function isIssueKey(text: string): text is IssueKey {
  return /^\w+\.\w+$/.test(text) && wordingOf(text) !== null;
}

/** An issue in English, its parameters filled in. */
export function issueSentence(key: IssueKey, params: IssueParams = {}): string {
  return (wordingOf(key) ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The figures a size check refused with, under the names the wordings use. */
function paramsOf(issue: z.core.$ZodIssue): IssueParams {
  if (issue.code === 'too_big') return { max: Number(issue.maximum) };
  if (issue.code === 'too_small') return { min: Number(issue.minimum) };
  if (issue.code === 'custom' && issue.params) return issue.params as IssueParams;
  return {};
}

/** The first issue of a zod error as data; a check without a key of its own is `input.invalid`. */
export function issueOf(error: z.ZodError): Issue {
  const first = error.issues[0];
  if (!first) return { field: '', key: 'input.invalid', params: {} };
  const field = first.path.map(String).join('.');
  if (!isIssueKey(first.message)) return { field, key: 'input.invalid', params: {} };
  return { field, key: first.message, params: paramsOf(first) };
}

/**
 * The first issue of a zod error in English, prefixed by its field (`name: A display name has at most
 * 40 characters.`): the `message` of an INVALID_PAYLOAD refusal. A check without a key keeps zod's
 * own wording, which names what was expected.
 */
export function firstIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return issueSentence('input.invalid');
  const where = first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  const sentence = isIssueKey(first.message) ? issueSentence(first.message, paramsOf(first)) : first.message;
  return `${where}${sentence}`;
}
