import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireAccount } from '../../../kernel/identity';
import type { AccountContext } from '../account.context';
import { ExternalSignInResult, RefreshSessionResult, SignInInput, SignInResult } from './auth.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

/** A3 sign-in and sessions. Expected failures are results (ErrorResult), not errors. */
@Resolver()
export class AuthResolver {
  @Mutation(() => SignInResult, { description: 'Signs in with e-mail or phone and password (A3). Failures never say which part was wrong.' })
  signIn(@Arg('input', () => SignInInput, { description: 'E-mail or phone, and the password.' }) input: SignInInput, @Ctx() ctx: AccountContext): Promise<typeof SignInResult> {
    return ctx.services.auth.signIn(input, ctx.clientIp);
  }

  @Mutation(() => ExternalSignInResult, { description: 'Signs in with a Google ID token (A3): to the account with its verified e-mail, or a new one.' })
  signInWithGoogle(@Arg('idToken', { description: bounded('The ID token from Google Sign-In.', BOUNDS.idToken) }) idToken: string, @Ctx() ctx: AccountContext): Promise<typeof ExternalSignInResult> {
    return ctx.services.auth.signInWithProvider('google', idToken);
  }

  @Mutation(() => ExternalSignInResult, { description: 'Signs in with an Apple ID token (A3): to the account with its verified e-mail, or a new one.' })
  signInWithApple(@Arg('idToken', { description: bounded('The ID token from Sign in with Apple.', BOUNDS.idToken) }) idToken: string, @Ctx() ctx: AccountContext): Promise<typeof ExternalSignInResult> {
    return ctx.services.auth.signInWithProvider('apple', idToken);
  }

  @Mutation(() => RefreshSessionResult, { description: 'Exchanges a refresh token (single use) for a new session.' })
  refreshSession(@Arg('refreshToken', { description: bounded('The refresh token of the current session.', BOUNDS.secretToken) }) refreshToken: string, @Ctx() ctx: AccountContext): Promise<typeof RefreshSessionResult> {
    return ctx.services.auth.refresh(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the session of this refresh token on this device. Always true.' })
  async signOut(@Arg('refreshToken', { description: bounded('The refresh token of the session to end.', BOUNDS.secretToken) }) refreshToken: string, @Ctx() ctx: AccountContext): Promise<boolean> {
    await ctx.services.auth.signOut(refreshToken);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in account, on every device.' })
  async signOutEverywhere(@Ctx() ctx: AccountContext): Promise<boolean> {
    await ctx.services.auth.signOutEverywhere(requireAccount(ctx.identity));
    return true;
  }
}
