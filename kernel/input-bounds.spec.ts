import { BOUNDS, boundInDescription, bounded, isInputRefusal, listProblem, readTextFields, textProblem } from './input-bounds';

describe('input bounds: the sentence of a description is the record of a bound', () => {
  it('writes and reads back text, multi-line and list bounds', () => {
    expect(bounded('The serial number.', BOUNDS.productCode)).toBe('The serial number. At most 40 characters.');
    expect(boundInDescription(bounded('Why.', BOUNDS.reason))).toEqual({ text: { maxLength: 500, multiline: true } });
    expect(boundInDescription(bounded('Lines.', { maxItems: 20 }))).toEqual({ list: { maxItems: 20 } });
    expect(boundInDescription(bounded('Tags.', { maxItems: 5, each: { maxLength: 30 } }))).toEqual({ list: { maxItems: 5, each: { maxLength: 30 } } });
    expect(bounded('Tags.', { maxItems: 5, each: { maxLength: 30 } })).toBe('Tags. At most 5 items of at most 30 characters each.');
  });

  it('finds no bound in a description that states none', () => {
    expect(boundInDescription('How many orders to return (0 to 100).')).toEqual({});
    expect(boundInDescription(undefined)).toEqual({});
  });
});

describe('input bounds: what a text may hold', () => {
  const code = BOUNDS.productCode;

  it('counts characters as code points, as MySQL and the password policy (A1) do', () => {
    expect(textProblem('code', 'x'.repeat(40), code)).toBeNull();
    expect(textProblem('code', '😀'.repeat(40), code)).toBeNull(); // 80 UTF-16 units
    expect(textProblem('code', 'x'.repeat(41), code)).toBe('code is too long: at most 40 characters.');
    expect(textProblem('code', '😀'.repeat(300), code)).toBe('code is too long: at most 40 characters.');
    expect(textProblem('code', 'x'.repeat(10_000), code)).toMatch(/too long/);
  });

  it('refuses NUL and other control characters in one-line text, line breaks and tabs included', () => {
    for (const value of ['a\u0000b', '\u0007', 'a\nb', 'a\tb', '\u007f', '\u0085', '\u009f']) {
      expect(textProblem('email', value, BOUNDS.email)).toMatch(/control character/);
    }
    expect(textProblem('email', 'ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ', BOUNDS.email)).toBeNull();
    expect(textProblem('email', "O'Brien\"; DROP TABLE accounts; --", BOUNDS.email)).toBeNull(); // odd but harmless: parameters, never SQL
  });

  it('allows line breaks and tabs in multi-line text, never NUL', () => {
    expect(textProblem('reason', 'line one\r\nline two\tindented', BOUNDS.reason)).toBeNull();
    expect(textProblem('reason', 'a\u0000b', BOUNDS.reason)).toBe('reason contains a control character; only line breaks and tabs are allowed.');
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate)', () => {
    expect(textProblem('code', 'ab\ud800', code)).toBe('code is not valid Unicode text.');
    expect(textProblem('code', '\udfff', code)).toBe('code is not valid Unicode text.');
  });

  it('bounds the number of items of a list', () => {
    expect(listProblem('lines', 20, { maxItems: 20 })).toBeNull();
    expect(listProblem('lines', 21, { maxItems: 20 })).toBe('lines has too many items: at most 20.');
  });
});

describe('input bounds: the bodies of internal routes', () => {
  it('answers the values, or a structured 400 naming the field and the bound', () => {
    expect(readTextFields({ code: 'AC-BB-4MZP77TT' }, { code: BOUNDS.productCode })).toEqual({ values: { code: 'AC-BB-4MZP77TT' } });
    const refused = readTextFields({ code: 'x'.repeat(10_000) }, { code: BOUNDS.productCode });
    expect(refused).toEqual({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'code', message: 'code is too long: at most 40 characters.' } } });
    expect('body' in refused && isInputRefusal(refused.body)).toBe(true);
    for (const body of [null, 'code', {}, { code: '' }, { code: 7 }, { code: 'a\u0000' }]) {
      expect(readTextFields(body, { code: BOUNDS.productCode })).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'code' } } });
    }
    expect(isInputRefusal({ error: 'code is required' })).toBe(false);
  });
});
