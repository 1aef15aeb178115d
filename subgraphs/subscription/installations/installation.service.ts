import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { insertRows } from '../../../kernel/db';
import { ErrorCode } from '../../../kernel/error-codes';
import { notFound } from '../../../kernel/errors';
import { requireCaller, type Identity } from '../../../kernel/identity';
import type { Logger } from '../../../kernel/logger';
import { claimTransaction, lockForUpdate } from '../../../kernel/outbox/claim';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Throttle } from '../../../kernel/throttle/throttle';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';
import { License, LicenseState, licenseState } from '../licenses/license.entity';
import type { LicenseService } from '../licenses/license.service';
import { Installation } from './installation.entity';
import { installationThrottlePolicy } from './installation.throttle';
import { InstallationError, installationError, InstallationRegistration, type RegisterInstallationInput } from './installation.types';

const UNKNOWN_CODE_MESSAGE = 'We do not know this activation code. Please check it (upper and lower case matter) and try again.';
const NOT_FOUND_MESSAGE = 'No installation with this id is yours: it may have been removed already.';

function tooManyAttempts(retryAfterSeconds: number): InstallationError {
  const wait = retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`;
  return installationError(ErrorCode.TOO_MANY_ATTEMPTS, `Too many attempts. Please wait ${wait} and try again.`, { retryAfterSeconds });
}

/**
 * S2: installations of licenses on devices. The app registers its device with the activation
 * code; each installation takes one of the license's devices; the owner removes one to free it.
 */
export class InstallationService {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly throttle: Throttle;
  readonly policy: ThrottlePolicy<'address'>;

  constructor(
    private readonly dataSource: DataSource,
    deps: Pick<ServiceDeps, 'clock' | 'log' | 'env'>,
    private readonly licenses: LicenseService,
  ) {
    this.clock = deps.clock;
    this.log = deps.log;
    this.throttle = new Throttle(dataSource, deps.clock);
    this.policy = installationThrottlePolicy(deps.env);
  }

  /**
   * Registers a device. The same device again returns its installation and changes nothing. The
   * device limit holds under concurrency: the license row is locked (MySQL: FOR UPDATE, in READ
   * COMMITTED so the count sees what the previous holder of the lock committed; SQLite runs one
   * transaction at a time), so of two registrations racing for the last seat one waits for the
   * other, counts its installation and gets DEVICE_LIMIT_REACHED. The unique key (license,
   * device) stops the same device taking two seats whatever happens.
   */
  async register(input: RegisterInstallationInput, clientIp: string): Promise<InstallationRegistration | InstallationError> {
    const details = { deviceId: input.deviceId.trim(), deviceName: input.deviceName.trim(), platform: input.platform.trim() };
    for (const [field, value] of Object.entries(details)) {
      if (value === '') return installationError(ErrorCode.DEVICE_DETAILS_MISSING, `The app sent no ${field === 'deviceId' ? 'device id' : field === 'deviceName' ? 'device name' : 'platform'}.`, { field: ['input', field] });
    }
    const code = input.activationCode.trim();
    if (code === '') return installationError(ErrorCode.UNKNOWN_PRODUCT_CODE, 'Please enter the activation code of your product.', { field: ['input', 'activationCode'] });
    // The slot is taken before the code is looked up: parallel guesses are counted like serial ones.
    const attempt = await this.throttle.attempt(this.policy, { address: clientIp });
    if (!attempt.allowed) return tooManyAttempts(attempt.retryAfterSeconds);
    const outcome = await claimTransaction(this.dataSource, (manager) => this.registerLocked(manager, code, details));
    // Only a wrong code keeps its slot: a right one proved the caller holds the secret.
    if (!(outcome instanceof InstallationError && outcome.code === ErrorCode.UNKNOWN_PRODUCT_CODE)) await attempt.succeeded();
    if (outcome instanceof InstallationRegistration && !outcome.alreadyRegistered) {
      this.log.info({ installationId: outcome.installation.id, licenseId: outcome.installation.licenseId, platform: details.platform }, 'installation registered');
    }
    return outcome;
  }

  private async registerLocked(
    manager: EntityManager,
    code: string,
    device: Pick<Installation, 'deviceId' | 'deviceName' | 'platform'>,
  ): Promise<InstallationRegistration | InstallationError> {
    // Case-sensitive on both columns (binary collation), like registration (A2).
    const license = await lockForUpdate(
      manager.connection,
      manager.createQueryBuilder(License, 'l').where('l.activationCode = :code OR l.serialNumber = :code', { code }),
    ).getOne();
    if (!license) return installationError(ErrorCode.UNKNOWN_PRODUCT_CODE, UNKNOWN_CODE_MESSAGE, { field: ['input', 'activationCode'] });
    const now = this.clock.now();
    const state = licenseState(license, now);
    if (state === LicenseState.REVOKED) return installationError(ErrorCode.LICENSE_REVOKED, 'This license was withdrawn and can no longer be installed. Please contact customer service.');
    const installed = await manager.find(Installation, { where: { licenseId: license.id }, order: { registeredAt: 'ASC', id: 'ASC' } });
    const summary = (installation: Installation, alreadyRegistered: boolean, devicesUsed: number) =>
      Object.assign(new InstallationRegistration(), { installation, alreadyRegistered, licenseState: state, expiresAt: license.expiresAt, devices: license.devices, devicesUsed });
    const existing = installed.find((i) => i.deviceId === device.deviceId);
    if (existing) return summary(existing, true, installed.length);
    if (state === LicenseState.EXPIRED) return installationError(ErrorCode.LICENSE_EXPIRED, 'This license has expired. Renew it to protect this device.');
    if (installed.length >= license.devices) {
      return installationError(
        ErrorCode.DEVICE_LIMIT_REACHED,
        `This license covers ${license.devices} device${license.devices === 1 ? '' : 's'}, and ${license.devices === 1 ? 'it has' : 'each has'} an installation. Remove one in your account's products to use this device.`,
        { deviceLimit: license.devices },
      );
    }
    const installation = Object.assign(new Installation(), { id: randomUUID(), licenseId: license.id, ...device, registeredAt: now });
    await insertRows(manager, Installation, installation);
    return summary(installation, false, installed.length + 1);
  }

  /**
   * S2: the owner (see LicenseService.findChangeable) removes an installation, which frees its
   * seat. Someone else's installation is answered as one that does not exist: NOT_FOUND.
   */
  async remove(identity: Identity, installationId: string): Promise<License> {
    requireCaller(identity);
    const installation = await this.dataSource.getRepository(Installation).findOneBy({ id: installationId });
    if (!installation) throw notFound(NOT_FOUND_MESSAGE);
    return claimTransaction(this.dataSource, async (manager) => {
      const license = await this.licenses.findChangeable(manager, identity, installation.licenseId);
      if (!license) throw notFound(NOT_FOUND_MESSAGE);
      const removed = await manager.delete(Installation, { id: installationId, licenseId: license.id });
      if (!removed.affected) throw notFound(NOT_FOUND_MESSAGE); // removed by another request in the meantime
      this.log.info({ installationId, licenseId: license.id }, 'installation removed');
      return license;
    });
  }
}
