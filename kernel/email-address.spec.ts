import { canonicalEmail, caseFold, mixesScriptsConfusably, skeleton } from './email-address';

describe('what an e-mail address is (A1)', () => {
  const ok = (raw: string) => canonicalEmail(raw);

  it.each([
    ['  Dana@Example.COM ', 'dana@example.com'],
    ['ｄana@example.com', 'dana@example.com'],
    ['ＤＡＮＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ', 'dana@example.com'],
    ['STRASSE@example.de', 'strasse@example.de'],
    ['Straße@example.de', 'strasse@example.de'],
    ['dana@xn--exmple-cua.com', 'dana@exämple.com'],
    ['dana@EXÄMPLE.com', 'dana@exämple.com'],
    ['José@example.com', 'josé@example.com'],
    ['Дана@пример.рф', 'дана@пример.рф'],
    ['ΑΒΓ@example.gr', 'αβγ@example.gr'],
    ['山田さくら@例え.jp', '山田さくら@例え.jp'],
    ['sakura.山田@example.jp', 'sakura.山田@example.jp'],
    ["o'neil+shop@example.com", "o'neil+shop@example.com"],
  ])('A1: %s is the address %s', (raw, canonical) => {
    expect(ok(raw)).toEqual({ ok: true, email: canonical });
  });

  it.each([
    ['dana@example.com\u0000', 'CONTROL_CHARACTER'],
    ['da\u200bna@example.com', 'CONTROL_CHARACTER'],
    ['dana\u202e@example.com', 'CONTROL_CHARACTER'],
    ['da na@example.com', 'CONTROL_CHARACTER'],
    ['d\u0430na@example.com', 'MIXED_SCRIPT'],
    ['dana@ex\u0430mple.com', 'MIXED_SCRIPT'],
    ['ivan.\u0438\u0432\u0430\u043d@example.com', 'MIXED_SCRIPT'],
    ['paypa\u0627@example.com', 'MIXED_SCRIPT'],
    ['dana', 'MALFORMED'],
    ['dana@example', 'MALFORMED'],
    ['a@b@example.com', 'MALFORMED'],
    ['.dana@example.com', 'MALFORMED'],
    ['da..na@example.com', 'MALFORMED'],
    ['dana@example..com', 'MALFORMED'],
    ['dana@[192.0.2.1]', 'MALFORMED'],
    ['dana@example.123', 'MALFORMED'],
    [`${'a'.repeat(65)}@example.com`, 'MALFORMED'],
    [`a@${Array(5).fill('b'.repeat(60)).join('.')}.com`, 'MALFORMED'],
  ])('A1: %j is refused (%s)', (raw, problem) => {
    expect(ok(raw)).toEqual({ ok: false, problem });
  });

  it('folds case fully: every case form of a word is one', () => {
    expect(new Set(['STRASSE', 'Straße', 'STRAẞE', 'strasse'].map(caseFold))).toEqual(new Set(['strasse']));
    expect(caseFold('ΣΊΣΥΦΟΣ')).toBe(caseFold('σίσυφος'));
  });

  it('skeletons are TR39\'s: lookalikes share one', () => {
    expect(skeleton('d\u0430na')).toBe(skeleton('dana'));
    expect(skeleton('m')).toBe(skeleton('rn'));
  });

  it('one script, or scripts that do not imitate each other, are no mix to refuse', () => {
    expect(mixesScriptsConfusably('dana')).toBe(false);
    expect(mixesScriptsConfusably('\u0434\u0430\u043d\u0430')).toBe(false);
    expect(mixesScriptsConfusably('sakura.山田')).toBe(false);
    expect(mixesScriptsConfusably('d\u0430na')).toBe(true);
  });
});
