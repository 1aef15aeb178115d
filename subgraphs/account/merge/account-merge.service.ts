import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../../kernel/error-codes';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import type { InternalClient } from '../../../kernel/internal-client';
import { requireAccount, type Identity } from '../../../kernel/identity';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import type { Outbox } from '../../../kernel/outbox/outbox';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { ACCOUNTS_MERGED, HOLDINGS_PATH, type LicenseHolding, type OrderHolding } from '../../events';
import { normalizeEmail } from '../../../kernel/email-address';
import { money } from '../../../kernel/money';
import { Account, AccountStatus } from '../accounts/account.entity';
import { AccountMerge } from './account-merge.entity';
import {
  AccountMergeConfirmed,
  AccountMergePreview,
  CannotMergeSameAccountError,
  MergePreviewExpiredError,
  type ConfirmAccountMergeResult,
  type PreviewAccountMergeResult,
} from './account-merge.types';
import type { AuthService } from '../sign-in/auth.service';
import { invalidCredentials } from '../sign-in/auth.types';
import { error } from '../registration/registration.types';

const PREVIEW_MINUTES = 15;

/**
 * A6: signed in to A, the customer proves B (its e-mail and password), sees what B holds and
 * confirms. In one transaction B is closed, its sessions end, its address is released and an
 * accounts.merged event is written; the order and subscription subgraphs move B's orders and
 * licenses to A when it arrives (X2). The merge row is the record.
 */
export class AccountMergeService {
  private readonly clock: Clock;
  private readonly outbox: Outbox;
  private readonly internal: InternalClient;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly auth: AuthService,
  ) {
    this.clock = deps.clock;
    this.outbox = deps.outbox;
    this.internal = deps.internal;
  }

  async preview(identity: Identity, email: string, password: string, clientIp: string, requestId: string): Promise<typeof PreviewAccountMergeResult> {
    const survivorId = requireAccount(identity);
    // An address that cannot be one (A1) is answered like a wrong password: it proves nothing.
    const canonical = normalizeEmail(email);
    const other = canonical ? await this.auth.checkCredentials({ email: canonical }, password, clientIp) : invalidCredentials();
    if (!(other instanceof Account)) return other;
    if (other.id === survivorId) return error(CannotMergeSameAccountError, ErrorCode.CANNOT_MERGE_SAME_ACCOUNT, 'This is the account you are signed in to.');
    // Both questions go out at once: a fixed cost whatever the account holds. The account id is
    // ours, within the bound the routes check; were one refused, InternalClient's InputRefusedError
    // reaches the client as BAD_USER_INPUT and no preview is written.
    const [licenses, orders] = await Promise.all([
      this.internal.post<{ items: LicenseHolding[] }>('subscription', HOLDINGS_PATH, { accountId: other.id }, requestId),
      this.internal.post<{ items: OrderHolding[] }>('order', HOLDINGS_PATH, { accountId: other.id }, requestId),
    ]);
    const now = this.clock.now();
    const merge = Object.assign(new AccountMerge(), {
      id: randomUUID(),
      survivorId,
      mergedId: other.id,
      mergedEmail: other.email,
      previewedAt: now,
      expiresAt: new Date(now.getTime() + PREVIEW_MINUTES * 60_000),
      confirmedAt: null,
    });
    await this.dataSource.getRepository(AccountMerge).insert(merge);
    return Object.assign(new AccountMergePreview(), {
      previewId: merge.id,
      email: other.email,
      expiresAt: merge.expiresAt,
      licenses: licenses.items.map((l) => ({ ...l, expiresAt: l.expiresAt === null ? null : new Date(l.expiresAt) })),
      orders: orders.items.map((o) => ({ number: o.number, placedAt: new Date(o.placedAt), total: money(o.totalAmount, o.currencyCode) })),
    });
  }

  async confirm(identity: Identity, previewId: string): Promise<typeof ConfirmAccountMergeResult> {
    const survivorId = requireAccount(identity);
    const now = this.clock.now();
    const expired = () => error(MergePreviewExpiredError, ErrorCode.MERGE_PREVIEW_EXPIRED, 'This merge preview is no longer valid. Please enter the other account again.');
    return this.dataSource.transaction(async (manager) => {
      const merge = await lockForUpdate(this.dataSource, manager.getRepository(AccountMerge).createQueryBuilder('m').where('m.id = :id', { id: previewId })).getOne();
      if (!merge || merge.survivorId !== survivorId || merge.confirmedAt || merge.expiresAt <= now) return expired();
      const [survivor, merged] = await Promise.all([
        manager.findOneBy(Account, { id: merge.survivorId, status: AccountStatus.ACTIVE }),
        manager.findOneBy(Account, { id: merge.mergedId, status: AccountStatus.ACTIVE }),
      ]);
      if (!survivor || !merged) return expired();
      await manager.update(AccountMerge, { id: merge.id }, { confirmedAt: now });
      // B is closed: its credentials stop working and its address may be used again.
      await manager.update(Account, { id: merged.id }, { status: AccountStatus.CLOSED, passwordHash: null, phone: null, email: `merged-${merged.id}@closed.invalid` });
      await this.auth.signOutEverywhere(merged.id, manager);
      await this.outbox.publish(manager, {
        type: ACCOUNTS_MERGED,
        aggregateType: 'account',
        aggregateId: merged.id,
        payload: { mergeId: merge.id, fromAccountId: merged.id, toAccountId: survivor.id },
      });
      return Object.assign(new AccountMergeConfirmed(), {
        mergeId: merge.id,
        message: `Everything of ${merge.mergedEmail} is moving to your account; that account is now closed.`,
      });
    });
  }
}
