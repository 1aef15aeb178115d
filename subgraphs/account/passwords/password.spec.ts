import { ErrorCode } from '../../../kernel/error-codes';
import { describePasswordProblem, hashPassword, passwordPolicyFromEnv, passwordProblem, verifyPassword } from './password';

const policy = { minLength: 8, maxLength: 50 };

describe('A1 passwords', () => {
  it('accepts 8 to 50 characters with no composition rules', () => {
    expect(passwordProblem('correct horse battery staple', policy)).toBeNull();
    expect(passwordProblem('qzmxwnvb', policy)).toBeNull();
    expect(passwordProblem('x'.repeat(7) + 'é', policy)).toBeNull();
  });

  it('refuses too short and too long, counting characters as people see them', () => {
    expect(passwordProblem('short1!', policy)).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('q'.repeat(51), policy)).toBe('PASSWORD_TOO_LONG');
    expect(passwordProblem('😀'.repeat(8), policy)).toBeNull(); // 8 characters, 16 UTF-16 units
    expect(passwordProblem('😀'.repeat(7), policy)).toBe('PASSWORD_TOO_SHORT');
  });

  it('refuses the most common passwords, whatever their case', () => {
    expect(passwordProblem('password', policy)).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('ILoveYou', policy)).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('12345678', policy)).toBe('PASSWORD_TOO_COMMON');
  });

  it('takes both bounds from configuration', () => {
    const custom = passwordPolicyFromEnv({ PASSWORD_MIN_LENGTH: '12', PASSWORD_MAX_LENGTH: '64' });
    expect(custom).toEqual({ minLength: 12, maxLength: 64 });
    expect(passwordProblem('qzmxwnvbqzm', custom)).toBe('PASSWORD_TOO_SHORT');
    expect(() => passwordPolicyFromEnv({ PASSWORD_MIN_LENGTH: '20', PASSWORD_MAX_LENGTH: '10' })).toThrow(/PASSWORD_MAX_LENGTH/);
    expect(describePasswordProblem(ErrorCode.PASSWORD_TOO_SHORT, custom)).toBe('Your password must have at least 12 characters.');
  });

  it('A1: the maximum may rise only to the bound every password field of the schema states (128)', () => {
    expect(passwordPolicyFromEnv({ PASSWORD_MAX_LENGTH: '128' }).maxLength).toBe(128);
    expect(() => passwordPolicyFromEnv({ PASSWORD_MAX_LENGTH: '129' })).toThrow('PASSWORD_MAX_LENGTH=129 is not an integer: use an integer from 8 to 128.');
  });

  it('hashes with a salt, verifies, and never keeps the password', async () => {
    const cost = { logN: 10, r: 8, p: 1 };
    const a = await hashPassword('correct horse battery staple', cost);
    const b = await hashPassword('correct horse battery staple', cost);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$10\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});
