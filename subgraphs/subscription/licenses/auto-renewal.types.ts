import { createUnionType, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { License } from './license.entity';

@ObjectType({
  implements: ErrorResult,
  description:
    'Why the Auto-Renewal Plan of a license was not turned on (S3); nothing was written. LICENSE_REVOKED, LICENSE_EXPIRED, LICENSE_FROM_PARTNER or LICENSE_NOT_RENEWABLE.',
})
export class AutoRenewalError extends ErrorResult {}

export function autoRenewalError(code: ErrorCode, message: string): AutoRenewalError {
  return Object.assign(new AutoRenewalError(), { code, message });
}

export const AutoRenewalResult = createUnionType({
  name: 'AutoRenewalResult',
  description: 'The license with its Auto-Renewal Plan as it is now, or why it was not changed.',
  types: () => [License, AutoRenewalError] as const,
});
