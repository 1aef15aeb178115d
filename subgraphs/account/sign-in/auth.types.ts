import { createUnionType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

@InputType({ description: 'Sign in with a password and either the e-mail address or the phone number of the account (A3).' })
export class SignInInput {
  @Field(() => String, { nullable: true, description: bounded('E-mail address of the account (case and surrounding spaces do not matter).', BOUNDS.email) })
  email?: string | null;

  @Field(() => String, { nullable: true, description: bounded('Phone number of the account, in international form (+14155550123).', BOUNDS.phone) })
  phone?: string | null;

  @Field({ description: bounded('The password.', BOUNDS.password) })
  password: string;
}

@ObjectType({ description: 'A signed-in session: a short-lived access token to send as `Authorization: Bearer …`, and a refresh token to get the next one.' })
export class Session {
  @Field({ description: 'JWT to send as `Authorization: Bearer <token>`; valid about 15 minutes.' })
  accessToken: string;

  @Field({ description: 'Exchange it with refreshSession for a new session before the access token expires. Single use: keep it secret.' })
  refreshToken: string;

  @Field({ description: 'When the access token expires.' })
  expiresAt: Date;

  @Field({ description: 'When the refresh token expires if unused.' })
  refreshTokenExpiresAt: Date;
}

@ObjectType({ implements: ErrorResult, description: 'Wrong e-mail, phone or password. Never says which, nor whether the account exists (A3).' })
export class InvalidCredentialsError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'Too many failed sign-ins: wait before trying again (A3).' })
export class TooManyAttemptsError extends ErrorResult {
  @Field(() => Int, { description: 'Seconds to wait before the next try.' })
  retryAfterSeconds: number;
}

@ObjectType({ implements: ErrorResult, description: 'The refresh token is unknown, expired, revoked or already used: sign in again.' })
export class InvalidRefreshTokenError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'The Google or Apple sign-in could not be verified (forged, expired, for another app, or e-mail not verified).' })
export class InvalidIdTokenError extends ErrorResult {}

export const ExternalSignInResult = createUnionType({
  name: 'ExternalSignInResult',
  description: 'A session, or why the Google or Apple sign-in was refused.',
  types: () => [Session, InvalidIdTokenError] as const,
});

export function invalidIdToken(problem: 'NOT_CONFIGURED' | 'INVALID' | 'EMAIL_NOT_VERIFIED'): InvalidIdTokenError {
  const message =
    problem === 'NOT_CONFIGURED'
      ? 'This way of signing in is not available.'
      : problem === 'EMAIL_NOT_VERIFIED'
        ? 'Your e-mail address is not verified with this provider. Please verify it there, or sign in with your password.'
        : 'We could not verify this sign-in. Please try again.';
  return Object.assign(new InvalidIdTokenError(), { code: problem === 'INVALID' ? ErrorCode.INVALID_ID_TOKEN : ErrorCode[problem], message });
}

export const SignInResult = createUnionType({
  name: 'SignInResult',
  description: 'A session, or why none was opened.',
  types: () => [Session, InvalidCredentialsError, TooManyAttemptsError] as const,
});

export const RefreshSessionResult = createUnionType({
  name: 'RefreshSessionResult',
  description: 'A new session, or why the refresh token was refused.',
  types: () => [Session, InvalidRefreshTokenError] as const,
});

/** A3: the one answer to any failed password sign-in. */
export const WRONG_CREDENTIALS_MESSAGE = 'You did not provide the right information. Please try again.';

export function invalidCredentials(): InvalidCredentialsError {
  return Object.assign(new InvalidCredentialsError(), { code: ErrorCode.INVALID_CREDENTIALS, message: WRONG_CREDENTIALS_MESSAGE });
}

export function tooManyAttempts(retryAfterSeconds: number): TooManyAttemptsError {
  const wait =
    retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`;
  return Object.assign(new TooManyAttemptsError(), {
    code: ErrorCode.TOO_MANY_ATTEMPTS,
    message: `Too many attempts. Please wait ${wait} and try again.`,
    retryAfterSeconds,
  });
}

export function invalidRefreshToken(): InvalidRefreshTokenError {
  return Object.assign(new InvalidRefreshTokenError(), { code: ErrorCode.INVALID_REFRESH_TOKEN, message: 'Your session has ended. Please sign in again.' });
}
