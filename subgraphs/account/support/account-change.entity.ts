import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A7: a change to an account's e-mail or phone made by a support agent, kept for good. */
@ObjectType({ description: 'A change of e-mail or phone made by a support agent (A7): who, when, before and after, why.' })
@Entity({ name: 'account_changes' })
@Index('ix_account_changes_account', ['accountId', 'changedAt'])
export class AccountChange {
  @Field(() => ID, { description: 'Stable identifier of the change.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => ID, { description: 'The account changed.' })
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Field({ description: 'What changed: EMAIL or PHONE.' })
  @Column({ type: 'varchar', length: 16 })
  field: string;

  @Field(() => String, { nullable: true, description: 'The value before the change.' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'The value after the change.' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  after: string | null;

  @Field({ description: 'Why the agent made the change, as they wrote it.' })
  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Field(() => ID, { description: 'The support agent who made the change.' })
  @Column({ type: 'varchar', length: 36 })
  changedBy: string;

  @Field({ description: 'When the change was made.' })
  @Column({ type: 'datetime', precision: 3 })
  changedAt: Date;
}
