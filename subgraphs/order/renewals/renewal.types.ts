import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { Money } from '../../../kernel/money';
import { OrderConfirmation, PaymentDeclined } from '../checkout/checkout.types';

@ObjectType({ description: 'The next automatic renewal of a license on the Auto-Renewal Plan (S3): when it is charged, and how much.' })
export class NextRenewal {
  @Field({ description: 'When the renewal will be charged (before the license expires; during the retries of a declined renewal, the next retry).' })
  at: Date;

  @Field(() => Money, { description: 'What will be charged: the current price list price of the product in the currency of the billing address, with its tax (O6).' })
  amount: Money;
}

@ObjectType({ implements: ErrorResult, description: 'Why the license cannot be renewed here, or what is wrong with the payment given; nothing was charged or changed.' })
export class RenewalError extends ErrorResult {}

export function renewalError(code: ErrorCode, message: string): RenewalError {
  return Object.assign(new RenewalError(), { code, message });
}

export const RenewSubscriptionResult = createUnionType({
  name: 'RenewSubscriptionResult',
  description: 'The renewal order (the license is extended once it is paid), a declined payment (the license is unchanged), or why the license cannot be renewed here.',
  types: () => [OrderConfirmation, PaymentDeclined, RenewalError] as const,
});
