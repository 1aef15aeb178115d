import { maskEmail, maskPhone } from './account.masking';

describe('A5 masked e-mail', () => {
  it.each([
    ['john@example.com', 'j•••n@ex•••.com'],
    ['dana@example.co.uk', 'd•••a@ex•••.uk'],
    ['al@mail.org', 'a•••@ma•••.org'],
    ['x@y.io', 'x•••@y•••.io'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('never shows the whole name or domain', () => {
    const masked = maskEmail('jonathan.smith@bigcompany.com');
    expect(masked).not.toContain('jonathan');
    expect(masked).not.toContain('bigcompany');
  });
});

describe('masked phone (analysts)', () => {
  it('keeps only the last two digits', () => {
    expect(maskPhone('+14155550123')).toBe('+•••••••••23');
  });
});
