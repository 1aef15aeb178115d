import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';
import { Address } from '../orders/address.type';

/** O13: every order has an invoice; it is a document, so its figures are a frozen copy. */
@ObjectType({ description: 'The invoice of an order (O13): number, date, seller, billing address and amounts.' })
@Entity({ name: 'invoices' })
export class Invoice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36, unique: true })
  orderId: string;

  @Field({ description: 'Invoice number, unique and sequential.' })
  @Column({ type: 'varchar', length: 24, unique: true })
  number: string;

  @Field({ description: 'Date of issue.' })
  @Column({ type: 'datetime', precision: 3 })
  issuedAt: Date;

  @Field({ description: 'The seller of record (the reseller that runs the store).' })
  @Column({ type: 'varchar', length: 200 })
  seller: string;

  @Column({ type: 'varchar', length: 200 })
  billingName: string;
  @Column({ type: 'varchar', length: 200 })
  billingLine1: string;
  @Column({ type: 'varchar', length: 200, nullable: true })
  billingLine2: string | null;
  @Column({ type: 'varchar', length: 100 })
  billingCity: string;
  @Column({ type: 'varchar', length: 100, nullable: true })
  billingRegion: string | null;
  @Column({ type: 'varchar', length: 20 })
  billingPostalCode: string;
  @Column({ type: 'varchar', length: 2 })
  billingCountry: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;
  @Column({ type: 'int' })
  subtotalAmount: number;
  @Column({ type: 'int' })
  taxAmount: number;
  @Column({ type: 'int' })
  totalAmount: number;

  /** The billing address as issued (Invoice.billingAddress in the schema, masked for analysts: invoice.resolver.ts). */
  get billingAddress(): Address {
    return Object.assign(new Address(), {
      name: this.billingName,
      line1: this.billingLine1,
      line2: this.billingLine2,
      city: this.billingCity,
      region: this.billingRegion,
      postalCode: this.billingPostalCode,
      country: this.billingCountry,
    });
  }

  @Field(() => Money, { description: 'Amount before tax (and shipping included).' })
  get subtotal(): Money {
    return money(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax shown on the invoice.' })
  get tax(): Money {
    return money(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'Total of the invoice.' })
  get total(): Money {
    return money(this.totalAmount, this.currency);
  }
}
