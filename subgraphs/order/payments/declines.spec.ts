import { DECLINE_MESSAGES, DeclineReason, declineMessage, newErrorNumber, normalizeErrorNumber } from './declines';

describe('declines say why and what to do, with an error number (O4)', () => {
  it.each(Object.values(DeclineReason))('%s has its own message, ending with the error number to quote', (reason) => {
    const message = declineMessage(reason, 'PD-7K3Q-9XW2');
    expect(message.startsWith(DECLINE_MESSAGES[reason])).toBe(true);
    expect(message).toMatch(/contact Customer Service and quote error number PD-7K3Q-9XW2\.$/);
  });

  it('names the help page’s reasons: expired card, credit limit, daily charge limit, a technical problem at either end', () => {
    expect(DECLINE_MESSAGES.EXPIRED_CARD).toMatch(/expired/);
    expect(DECLINE_MESSAGES.CREDIT_LIMIT_REACHED).toMatch(/credit limit/);
    expect(DECLINE_MESSAGES.DAILY_LIMIT_EXCEEDED).toMatch(/daily charge limit/);
    expect(DECLINE_MESSAGES.PROCESSING_ERROR).toMatch(/technical problem at our end or at your card issuer/);
    expect(DECLINE_MESSAGES.ADDRESS_MISMATCH).toMatch(/Enter your billing address exactly as it appears on your card statement\./);
    expect(new Set(Object.values(DECLINE_MESSAGES)).size).toBe(Object.keys(DeclineReason).length);
  });

  it('error numbers are short, random and read out without ambiguity (no I, L, O, U)', () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const number = newErrorNumber();
      expect(number).toMatch(/^PD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      numbers.add(number);
    }
    expect(numbers.size).toBe(5000);
    const characters = new Set([...numbers].join('').replace(/PD-|-/g, ''));
    expect(characters.size).toBe(32);
  });

  it('support finds an error number however the customer reads it out', () => {
    expect(normalizeErrorNumber('PD-7K3Q-9XW2')).toBe('PD-7K3Q-9XW2');
    expect(normalizeErrorNumber('pd 7k3q 9xw2')).toBe('PD-7K3Q-9XW2');
    expect(normalizeErrorNumber('7K3Q9XW2')).toBe('PD-7K3Q-9XW2');
    expect(normalizeErrorNumber('PD-OK3Q-IXWL')).toBe('PD-0K3Q-1XW1');
    expect(normalizeErrorNumber('PD-7K3Q-9XWU')).toBeNull();
    expect(normalizeErrorNumber('PD-7K3Q-9XW')).toBeNull();
    expect(normalizeErrorNumber('')).toBeNull();
  });
});
