import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { RegisterProductInput, RegisterProductResult } from './registration.types';

@Resolver()
export class RegistrationResolver {
  @Mutation(() => RegisterProductResult, { description: 'Registers a product to a new or existing account (A2). Nothing is created when the answer is an error.' })
  registerProduct(
    @Arg('input', () => RegisterProductInput, { description: 'The product code and the account e-mail and password.' }) input: RegisterProductInput,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof RegisterProductResult> {
    return ctx.services.registration.register(input, ctx.clientIp, ctx.requestId);
  }
}
