// A1's policy (lengths, the common-password list) lives in the kernel, as does the slow hash:
// order passwords (O8) follow the same rules.
export { describePasswordProblem, passwordPolicyFromEnv, passwordProblem, type PasswordPolicy, type PasswordProblem } from '../../../kernel/password-policy';
export { hashCostFromEnv, hashPassword, verifyPassword, type HashCost } from '../../../kernel/password-hash';
