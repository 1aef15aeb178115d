import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PhoneVerifications1795329691664 implements MigrationInterface {
  name = 'PhoneVerifications1795329691664';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `phone_verifications` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `phone` varchar(20) NOT NULL, `codeHash` varchar(64) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `createdAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `usedAt` datetime(3) NULL, INDEX `ix_phone_verifications_account` (`accountId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_phone_verifications_account` ON `phone_verifications`");
    await queryRunner.query("DROP TABLE `phone_verifications`");
  }
}
