import { humanInputOptions, notAChoiceMessage, resolveHumanInputReply } from './human-input.rules.js';

const yesNo = humanInputOptions({
  choices: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
  allowFreeText: false,
});

describe('human-input replies and choices', () => {
  it.each([
    ['yes', 'yes'],
    ['Yes', 'yes'],
    ['YES ', 'yes'],
    ['  yes\n', 'yes'],
    ['Yes, approved', 'yes'],
    ['yes - go ahead', 'yes'],
    ['Yes!', 'yes'],
    ['no', 'no'],
    ['No, thanks', 'no'],
    ['ＹＥＳ', 'yes'],
  ])('resolves %j to the canonical value %j', (reply, value) => {
    expect(resolveHumanInputReply(reply, yesNo)).toMatchObject({ ok: true, value });
  });

  it.each(['Yesterday', 'nope', 'maybe', '', 'y'])('refuses %j when free text is not allowed', (reply) => {
    expect(resolveHumanInputReply(reply, yesNo)).toEqual({ ok: false });
  });

  it('keeps a reply naming no choice as typed when free text is allowed (the default)', () => {
    const options = humanInputOptions({ choices: [{ value: 'yes', label: 'Yes' }] });
    expect(options.allowFreeText).toBe(true);
    expect(resolveHumanInputReply('Call me tomorrow', options)).toEqual({
      ok: true,
      value: 'Call me tomorrow',
    });
    expect(resolveHumanInputReply('YES', options)).toMatchObject({ ok: true, value: 'yes' });
  });

  it('matches the value as well as the label, exact before prefix, longest prefix first', () => {
    const options = humanInputOptions({
      choices: [
        { value: 'approve', label: 'Approve' },
        { value: 'approve_later', label: 'Approve later' },
        { value: 'reject', label: 'Reject' },
      ],
      allowFreeText: false,
    });
    expect(resolveHumanInputReply('approve later, please', options)).toMatchObject({
      value: 'approve_later',
    });
    expect(resolveHumanInputReply('Approve', options)).toMatchObject({ value: 'approve' });
    expect(resolveHumanInputReply('APPROVE_LATER', options)).toMatchObject({ value: 'approve_later' });
  });

  it('reads labels that default to the value, ignores blank choices and accepts anything without choices', () => {
    const options = humanInputOptions({ choices: [{ value: ' ok ' }, { value: '  ' }, 'Later'] });
    expect(options.choices).toEqual([
      { value: 'ok', label: 'ok' },
      { value: 'Later', label: 'Later' },
    ]);
    const none = humanInputOptions({ allowFreeText: false });
    expect(none.allowFreeText).toBe(true);
    expect(resolveHumanInputReply('anything', none)).toEqual({ ok: true, value: 'anything' });
  });

  it('names the choices in its refusal', () => {
    expect(notAChoiceMessage(yesNo)).toBe('Reply with one of: Yes, No');
  });
});
