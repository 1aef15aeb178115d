import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { License } from '../licenses/license.entity';
import type { SubscriptionContext } from '../subscription.context';
import { InstallationError, InstallationRegistration, RegisterInstallationInput, RegisterInstallationResult } from './installation.types';

@Resolver()
export class InstallationResolver {
  @Mutation(() => RegisterInstallationResult, {
    description:
      'The desktop or mobile app registers its device with the activation code (S2); no sign-in needed. The same device again returns its installation and changes nothing. Refused with UNKNOWN_PRODUCT_CODE, LICENSE_REVOKED, LICENSE_EXPIRED, DEVICE_LIMIT_REACHED (every device of the license is taken), DEVICE_DETAILS_MISSING; attempts are limited per client address (TOO_MANY_ATTEMPTS).',
  })
  registerInstallation(
    @Arg('input', () => RegisterInstallationInput, { description: 'The activation code and the device.' }) input: RegisterInstallationInput,
    @Ctx() ctx: SubscriptionContext,
  ): Promise<InstallationRegistration | InstallationError> {
    return ctx.services.installations.register(input, ctx.clientIp);
  }

  @Mutation(() => License, {
    description:
      "Removes an installation, which frees its device for another (S2), and answers the license with the installations it has left. For the account the license is registered to, or the holder of its order's token (O8); anyone else's installation is NOT_FOUND, as one that does not exist.",
  })
  removeInstallation(
    @Arg('installationId', () => ID, { description: bounded('The installation to remove.', BOUNDS.id) }) installationId: string,
    @Ctx() ctx: SubscriptionContext,
  ): Promise<License> {
    return ctx.services.installations.remove(ctx.identity, installationId);
  }
}
