import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A device on which a license is installed (S2). */
@ObjectType({ description: 'A registered installation of a license on a device (S2).' })
@Entity({ name: 'installations' })
export class Installation {
  @Field(() => ID, { description: 'Stable identifier of the installation.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_installations_license')
  @Column({ type: 'varchar', length: 36 })
  licenseId: string;

  @Field({ description: 'Name the customer gave the device.' })
  @Column({ type: 'varchar', length: 100 })
  deviceName: string;

  @Field({ description: 'Operating system, e.g. "Windows", "macOS", "Android", "iOS".' })
  @Column({ type: 'varchar', length: 40 })
  platform: string;

  @Field({ description: 'When the installation was registered.' })
  @Column({ type: 'datetime', precision: 3 })
  registeredAt: Date;
}
