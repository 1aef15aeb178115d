import { createUnionType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { LicenseState } from '../licenses/license.entity';
import { Installation } from './installation.entity';

@InputType({ description: 'What the desktop or mobile app sends when the product starts on a device (S2).' })
export class RegisterInstallationInput {
  @Field({ description: bounded('The activation code the customer typed, or the serial number (both case-sensitive), e.g. AC-MS-7Q4K2W9P.', BOUNDS.productCode) })
  activationCode: string;

  @Field({ description: bounded("The app's own stable identifier of the device: the same device always sends the same one.", BOUNDS.deviceId) })
  deviceId: string;

  @Field({ description: bounded('Name of the device, shown to the customer, e.g. "Family PC".', BOUNDS.name) })
  deviceName: string;

  @Field({ description: bounded('Operating system of the device, e.g. "Windows", "macOS", "Android", "iOS".', BOUNDS.platform) })
  platform: string;
}

@ObjectType({ description: 'The device is registered to the license (S2): what the app shows after activation.' })
export class InstallationRegistration {
  @Field(() => Installation, { description: 'The installation of this device: the new one, or the one it already had.' })
  installation: Installation;

  @Field({ description: 'True when this device was registered before: nothing changed, and no seat was taken.' })
  alreadyRegistered: boolean;

  @Field(() => LicenseState, { description: 'State of the license now (ACTIVE, or IN_GRACE while a declined renewal is retried).' })
  licenseState: LicenseState;

  @Field(() => Date, { nullable: true, description: 'End of the paid term; null for a perpetual license.' })
  expiresAt: Date | null;

  @Field(() => Int, { description: 'How many devices the license covers.' })
  devices: number;

  @Field(() => Int, { description: 'How many of them have an installation now, this one included.' })
  devicesUsed: number;
}

@ObjectType({
  implements: ErrorResult,
  description:
    'Why an installation was not registered (S2); nothing was written. UNKNOWN_PRODUCT_CODE, LICENSE_REVOKED, LICENSE_EXPIRED, DEVICE_LIMIT_REACHED, DEVICE_DETAILS_MISSING or TOO_MANY_ATTEMPTS.',
})
export class InstallationError extends ErrorResult {
  @Field(() => [String], { nullable: true, description: 'Path of the input at fault, e.g. ["input", "deviceName"]; null when no one part is.' })
  field: string[] | null;

  @Field(() => Int, { nullable: true, description: 'TOO_MANY_ATTEMPTS: seconds to wait before trying again.' })
  retryAfterSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'DEVICE_LIMIT_REACHED: how many devices the license covers.' })
  deviceLimit: number | null;
}

export function installationError(code: ErrorCode, message: string, extra: Partial<Pick<InstallationError, 'field' | 'retryAfterSeconds' | 'deviceLimit'>> = {}): InstallationError {
  return Object.assign(new InstallationError(), { code, message, field: null, retryAfterSeconds: null, deviceLimit: null, ...extra });
}

export const RegisterInstallationResult = createUnionType({
  name: 'RegisterInstallationResult',
  description: 'The installation of the device, or why it was not registered (nothing was written then).',
  types: () => [InstallationRegistration, InstallationError] as const,
});
