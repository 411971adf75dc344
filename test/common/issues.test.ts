import { describe, expect, it } from 'vitest';
import type { ZodError } from 'zod';
import { firstIssue, issueOf, issueSentence } from '../../common/issues';
import { MAX_DISPLAY_NAME_LENGTH, MIN_ROOM_PIN_LENGTH } from '../../common/limits';
import { chatTextSchema } from '../../common/peer-protocol';
import { checkServerAddress, parseServerAddress } from '../../common/server-address';
import { callInviteSchema } from '../../common/signaling/call';
import { roomJoinRequestSchema } from '../../common/signaling/room';

function refusal(schema: { safeParse(value: unknown): { error?: ZodError } }, value: unknown) {
  const { error } = schema.safeParse(value);
  if (!error) throw new Error('the schema accepted it');
  return error;
}

describe('issues as data', () => {
  it('name the field, a stable key and the figures the wording needs', () => {
    const long = refusal(roomJoinRequestSchema, { room: 'standup', name: 'x'.repeat(41) });
    expect(issueOf(long)).toEqual({
      field: 'name',
      key: 'displayName.tooLong',
      params: { max: MAX_DISPLAY_NAME_LENGTH },
    });
    const pin = refusal(roomJoinRequestSchema, { room: 'standup', name: 'Ada', pin: '12' });
    expect(issueOf(pin)).toEqual({
      field: 'pin',
      key: 'roomPin.tooShort',
      params: { min: MIN_ROOM_PIN_LENGTH },
    });
    expect(issueOf(refusal(roomJoinRequestSchema, { room: 'a/b', name: 'Ada' }))).toEqual({
      field: 'room',
      key: 'roomName.characters',
      params: {},
    });
    expect(issueOf(refusal(chatTextSchema, ''))).toMatchObject({ field: '', key: 'chat.empty' });
  });

  it('give a check without a key of its own the generic key, and keep its field', () => {
    expect(issueOf(refusal(roomJoinRequestSchema, { room: 42, name: 'Ada' }))).toEqual({
      field: 'room',
      key: 'input.invalid',
      params: {},
    });
  });

  it('are worded in English for a refusal, field first, figures filled in', () => {
    expect(firstIssue(refusal(roomJoinRequestSchema, { room: 'standup', name: 'x'.repeat(41) }))).toBe(
      'name: A display name has at most 40 characters.',
    );
    expect(firstIssue(refusal(callInviteSchema, { to: Array(17).fill('device-0001') }))).toBe(
      'to: Invite at most 16 people at once.',
    );
    expect(issueSentence('address.invalid', { port: 4780 })).toBe(
      'That is not an address. Try something like 192.168.1.20:4780.',
    );
  });

  it("keep zod's own wording in English where no key applies, since it names what was expected", () => {
    const wrongType = refusal(roomJoinRequestSchema, { room: 42, name: 'Ada' });
    expect(firstIssue(wrongType)).toBe(`room: ${wrongType.issues[0]?.message}`);
    expect(firstIssue(wrongType)).toMatch(/^room: Invalid input: expected string/);
  });
});

describe('server addresses', () => {
  it('refuse with an issue for clients to word, and in English for main to answer', () => {
    expect(checkServerAddress('box.lan/x')).toEqual({
      ok: false,
      issue: { field: 'address', key: 'address.path', params: {} },
    });
    expect(checkServerAddress('http://exa mple')).toEqual({
      ok: false,
      issue: { field: 'address', key: 'address.invalid', params: { port: 4780 } },
    });
    expect(parseServerAddress('http://exa mple')).toEqual({
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: 'That is not an address. Try something like 192.168.1.20:4780.',
      },
    });
    expect(checkServerAddress(' box.lan ')).toEqual({ ok: true, data: 'http://box.lan:4780/' });
  });
});
