import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { Money } from '../../../kernel/money';
import { ErrorResult } from '../../../kernel/error-result';
import { InvalidCredentialsError, TooManyAttemptsError } from '../sign-in/auth.types';

@ObjectType({ description: 'A license of the account to be merged.' })
export class MergeLicense {
  @Field({ description: 'Serial number.' })
  serialNumber: string;

  @Field(() => Date, { nullable: true, description: 'End of its paid term; null for a perpetual license.' })
  expiresAt: Date | null;

  @Field({ description: 'Whether its Auto-Renewal Plan is on (a subscription).' })
  autoRenew: boolean;
}

@ObjectType({ description: 'An order of the account to be merged.' })
export class MergeOrder {
  @Field({ description: 'Order number.' })
  number: string;

  @Field({ description: 'When it was placed.' })
  placedAt: Date;

  @Field(() => Money, { description: 'What the order cost, in its currency.' })
  total: Money;
}

@ObjectType({ description: 'What the other account holds and will move to yours if you confirm (A6).' })
export class AccountMergePreview {
  @Field(() => ID, { description: 'Pass it to confirmAccountMerge, within 15 minutes.' })
  previewId: string;

  @Field({ description: 'E-mail of the account to be merged into yours.' })
  email: string;

  @Field(() => [MergeLicense], { description: 'Its licenses, with their Auto-Renewal Plans.' })
  licenses: MergeLicense[];

  @Field(() => [MergeOrder], { description: 'Its orders, newest first.' })
  orders: MergeOrder[];

  @Field({ description: 'When the preview stops being valid.' })
  expiresAt: Date;
}

@ObjectType({ description: 'The merge is confirmed: the other account is closed and everything it held is moving to yours (A6).' })
export class AccountMergeConfirmed {
  @Field(() => ID, { description: 'The merge, as recorded.' })
  mergeId: string;

  @Field({ description: 'What to tell the customer.' })
  message: string;
}

@ObjectType({ implements: ErrorResult, description: 'An account cannot be merged into itself.' })
export class CannotMergeSameAccountError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'The preview is unknown, not yours, expired or already confirmed.' })
export class MergePreviewExpiredError extends ErrorResult {}

export const PreviewAccountMergeResult = createUnionType({
  name: 'PreviewAccountMergeResult',
  description: 'What would move, or why the other account cannot be merged.',
  types: () => [AccountMergePreview, InvalidCredentialsError, TooManyAttemptsError, CannotMergeSameAccountError] as const,
});

export const ConfirmAccountMergeResult = createUnionType({
  name: 'ConfirmAccountMergeResult',
  description: 'The confirmed merge, or why it was not made (nothing changed then).',
  types: () => [AccountMergeConfirmed, MergePreviewExpiredError] as const,
});
