import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BillingPeriod } from '../../../kernel/billing-period';
import { CASE_SENSITIVE } from '../../../kernel/db';

export enum LicenseState {
  ACTIVE = 'ACTIVE',
  IN_GRACE = 'IN_GRACE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(LicenseState, {
  name: 'LicenseState',
  description: 'Whether the license protects devices now (S1).',
  valuesConfig: {
    ACTIVE: { description: 'Within its paid term, or perpetual (no expiry).' },
    IN_GRACE: { description: 'Past its expiry while a declined renewal is being retried: still usable until the last retry fails (S7).' },
    EXPIRED: { description: 'Past its expiry and not renewed.' },
    REVOKED: { description: 'Withdrawn, e.g. after its order was refunded.' },
  },
});

export enum PurchaseChannel {
  STORE = 'STORE',
  RETAIL_PARTNER = 'RETAIL_PARTNER',
  SERVICE_PROVIDER = 'SERVICE_PROVIDER',
}
registerEnumType(PurchaseChannel, {
  name: 'PurchaseChannel',
  description: 'Where the license was bought (A8). Billing questions for partner licenses go to the partner.',
  valuesConfig: {
    STORE: { description: 'Bought in this store.' },
    RETAIL_PARTNER: { description: 'Bought from a retail partner such as Best Buy; the serial number starts with "T".' },
    SERVICE_PROVIDER: { description: 'Bought through an internet service provider; the serial number starts with "T".' },
  },
});

/** The stored state; EXPIRED is derived from the clock, so it is never stale. */
export type StoredLicenseState = LicenseState.ACTIVE | LicenseState.REVOKED;

/** The unique keys of a license the issuer tells apart when an insert collides (by their columns). */
export const LICENSE_KEYS = {
  serialNumber: ['serialNumber'],
  activationCode: ['activationCode'],
  orderItemUnit: ['orderItemId', 'orderItemUnit'],
} as const;

/**
 * A product license of an account (S1). A renewal extends it; it never gets a new serial number.
 * A license issued by an order names the order line and the unit of it (1…quantity) it was
 * issued for: that pair is unique, so an order can never issue a unit twice (X2), and a return
 * of some items finds exactly their licenses.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A product license: serial number or activation key, devices, term, state and Auto-Renewal Plan.' })
@Entity({ name: 'licenses' })
@Index('uq_licenses_order_item_unit', ['orderItemId', 'orderItemUnit'], { unique: true })
@Index('ix_licenses_expires', ['expiresAt'])
export class License {
  @Field(() => ID, { description: 'Stable identifier of the license.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Null until the product is registered to an account (A2). */
  @Index('ix_licenses_account')
  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  /** Case-sensitive (S1): the binary collation keeps "ab" and "AB" distinct on MySQL. */
  @Field({ description: 'Serial number (case-sensitive), e.g. MS7Q-4K2W-9PXC-3ERA. Partner licenses start with "T" (A8); this store\'s never do.' })
  @Column({ type: 'varchar', length: 40, unique: true, collation: CASE_SENSITIVE })
  serialNumber: string;

  @Field(() => String, { nullable: true, description: 'Activation code used to register the product, when it has one (case-sensitive), e.g. AC-MS-7Q4K2W9P.' })
  @Column({ type: 'varchar', length: 40, nullable: true, unique: true, collation: CASE_SENSITIVE })
  activationCode: string | null;

  /** The catalog product (order subgraph). */
  @Column({ type: 'varchar', length: 36 })
  productId: string;

  @Field(() => ID, { nullable: true, description: 'The order that first issued the license; null for licenses bought from a partner (A8).' })
  @Column({ type: 'varchar', length: 36, nullable: true })
  orderId: string | null;

  /**
   * Copies of what the order subgraph said in `order.confirmed`, kept so that this subgraph
   * answers `License.product { name }` and `License.order { number }` itself (`@provides`): the
   * Dashboard then needs no fetch to the order subgraph after the licenses. `orderAccountId` is
   * the buyer (null for a guest), so that `License.order` is shown to exactly those who may read
   * the order (canReadOrder); an account merge moves it with the licenses. Null for licenses
   * from before these columns and, for the order's, for partner licenses.
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  productName: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  orderNumber: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  orderAccountId: string | null;

  /** The order line that issued the license (order subgraph); null for partner and older licenses. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  orderItemId: string | null;

  /** Which unit of that line (1…quantity) the license is: one license per unit. */
  @Column({ type: 'int', nullable: true })
  orderItemUnit: number | null;

  @Field(() => Int, { description: 'How many devices the license covers.' })
  @Column({ type: 'int' })
  devices: number;

  @Field({ description: 'Start of the current paid term.' })
  @Column({ type: 'datetime', precision: 3 })
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'End of the current paid term; a renewal moves it forward (S1, S3). Null for a perpetual license, which never expires.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  storedState: StoredLicenseState;

  @Field({ description: 'Whether the Auto-Renewal Plan is on: renewed before expiry, charged to the original card (S3).' })
  @Column({ type: 'boolean', default: false })
  autoRenew: boolean;

  @Field(() => BillingPeriod, { nullable: true, description: 'Length of one paid term. Null for a perpetual license (a one-off product: no term, no renewal).' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  billingPeriod: BillingPeriod | null;

  @Field(() => PurchaseChannel, { description: 'Where the license was bought (A8).' })
  @Column({ type: 'varchar', length: 24 })
  purchaseChannel: PurchaseChannel;

  @Field(() => String, { nullable: true, description: 'For partner licenses, whom to contact with billing questions (A8), e.g. "Best Buy".' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  partnerName: string | null;

  /** S7: while a declined renewal is retried, the license stays usable past its expiry until then (cleared when paid or lapsed). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  graceUntil: Date | null;
}

/** A8: a serial number starting with "T" was sold by a retail partner or a service provider. */
export function isPartnerSerial(serialNumber: string): boolean {
  return serialNumber.startsWith('T');
}

/** The store itself, for billing questions about licenses bought here. */
export const STORE_BILLING_CONTACT = 'Customer service of this store';

/**
 * A8: billing questions go to the partner for licenses bought from a retail partner or an
 * internet service provider. A "T" serial is such a license even when no partner name was
 * recorded with it.
 */
export function billingContactOf(license: Pick<License, 'serialNumber' | 'partnerName'>): string {
  if (license.partnerName) return license.partnerName;
  return isPartnerSerial(license.serialNumber) ? 'The retailer or internet service provider you bought it from' : STORE_BILLING_CONTACT;
}

/** S1: the state a customer sees at `now`. A perpetual license (no expiry) stays ACTIVE until revoked. */
export function licenseState(license: Pick<License, 'storedState' | 'expiresAt'> & Partial<Pick<License, 'graceUntil' | 'autoRenew'>>, now: Date): LicenseState {
  if (license.storedState === LicenseState.REVOKED) return LicenseState.REVOKED;
  if (license.expiresAt === null) return LicenseState.ACTIVE;
  if (license.expiresAt.getTime() > now.getTime()) return LicenseState.ACTIVE;
  // S7: a declined renewal being retried keeps the license usable (not once the plan is off).
  if (license.autoRenew && license.graceUntil && license.graceUntil.getTime() > now.getTime()) return LicenseState.IN_GRACE;
  return LicenseState.EXPIRED;
}
