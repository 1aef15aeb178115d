import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { ConfirmPhoneResult, RequestPhoneCodeResult } from './phone-verification.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

/** Adding or changing the signed-in account's phone number, confirmed by a one-time code. */
@Resolver()
export class PhoneVerificationResolver {
  @Mutation(() => RequestPhoneCodeResult, { description: 'Texts a 6-digit code to the phone number, to confirm it is yours.' })
  requestPhoneCode(@Arg('phone', { description: bounded('Phone number in international form (+14155550123).', BOUNDS.phone) }) phone: string, @Ctx() ctx: AccountContext): Promise<typeof RequestPhoneCodeResult> {
    return ctx.services.phones.requestCode(ctx.identity, phone);
  }

  @Mutation(() => ConfirmPhoneResult, { description: 'Confirms the phone number with the code texted to it; it becomes the account\'s number.' })
  confirmPhone(
    @Arg('phone', { description: bounded('The same phone number.', BOUNDS.phone) }) phone: string,
    @Arg('code', { description: bounded('The 6-digit code.', BOUNDS.oneTimeCode) }) code: string,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof ConfirmPhoneResult> {
    return ctx.services.phones.confirm(ctx.identity, phone, code);
  }
}
