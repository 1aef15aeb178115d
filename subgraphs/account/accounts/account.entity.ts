import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'Whether the account can be used. A merged-away account is CLOSED (A6).',
  valuesConfig: {
    ACTIVE: { description: 'The account can sign in and hold products.' },
    CLOSED: { description: 'Closed, e.g. after its contents were merged into another account; its credentials no longer work.' },
  },
});

/** A customer account (A1). Created when a customer registers a product (A2). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer account of the portal: one e-mail address, an optional phone number, and the products registered to it.' })
@Entity({ name: 'accounts' })
export class Account {
  @Field(() => ID, { description: 'Stable identifier of the account.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Stored trimmed and lower-cased: e-mail addresses are compared case-insensitively (A1). Exposed by AccountResolver. */
  @Index('uq_accounts_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** E.164. Exposed by AccountResolver. */
  @Index('uq_accounts_phone', { unique: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Field(() => AccountStatus, { description: 'ACTIVE, or CLOSED once merged into another account.' })
  @Column({ type: 'varchar', length: 16, default: AccountStatus.ACTIVE })
  status: AccountStatus;

  /** Comma-separated roles: customer, support (A7), analyst. Carried in access tokens. */
  @Column({ type: 'varchar', length: 64, default: 'customer' })
  roles: string;

  /** scrypt hash (A1); null for an account that signs in only with Google or Apple. Never exposed. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  @Field({ description: 'When the account was created (first product registration).' })
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A1: e-mail addresses are unique compared case-insensitively, surrounding spaces trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A plausible e-mail address: something@domain.tld, no spaces, at most 254 characters as stored.
 * The length is that of the normalized form: lower-casing may lengthen a text ("İ" becomes "i̇",
 * two code points), and an address that would not fit its column must be refused here, as a
 * typed answer, rather than by the database.
 */
export function isValidEmail(email: string): boolean {
  const normalized = normalizeEmail(email);
  return [...normalized].length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(normalized);
}

/** Phone numbers are kept in E.164 form: "+14155550123". Spaces, dashes, dots and brackets are dropped. */
export function normalizePhone(phone: string): string | null {
  const compact = phone.trim().replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}
