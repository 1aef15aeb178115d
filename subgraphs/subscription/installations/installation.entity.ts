import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CASE_SENSITIVE } from '../../../kernel/db';

/**
 * A device on which a license is installed (S2). Each installation takes one of the license's
 * devices; the owner removes one to free its seat.
 */
@ObjectType({ description: 'A registered installation of a license on a device (S2).' })
@Entity({ name: 'installations' })
@Index('uq_installations_license_device', ['licenseId', 'deviceId'], { unique: true })
export class Installation {
  @Field(() => ID, { description: 'Stable identifier of the installation.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_installations_license')
  @Column({ type: 'varchar', length: 36 })
  licenseId: string;

  /**
   * The app's own identifier of the device, compared exactly (binary collation): registering the
   * same device again finds this row instead of taking a second seat. Not in the schema: the
   * customer needs the name, and an identifier of a device is nobody else's business.
   */
  @Column({ type: 'varchar', length: 128, collation: CASE_SENSITIVE })
  deviceId: string;

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
