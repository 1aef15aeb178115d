import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignIn1795328525845 implements MigrationInterface {
  name = 'SignIn1795328525845';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `sessions` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `familyId` varchar(36) NOT NULL, `refreshTokenHash` varchar(64) NOT NULL, `createdAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `replacedAt` datetime(3) NULL, `revokedAt` datetime(3) NULL, UNIQUE INDEX `uq_sessions_token` (`refreshTokenHash`), INDEX `ix_sessions_family` (`familyId`), INDEX `ix_sessions_account` (`accountId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sign_in_throttles` (`key` varchar(80) NOT NULL, `failures` int NOT NULL, `firstFailureAt` datetime(3) NOT NULL, `lastFailureAt` datetime(3) NOT NULL, `lockedUntil` datetime(3) NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `accounts` ADD `passwordHash` varchar(200) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `accounts` DROP COLUMN `passwordHash`");
    await queryRunner.query("DROP TABLE `sign_in_throttles`");
    await queryRunner.query("DROP INDEX `ix_sessions_account` ON `sessions`");
    await queryRunner.query("DROP INDEX `ix_sessions_family` ON `sessions`");
    await queryRunner.query("DROP INDEX `uq_sessions_token` ON `sessions`");
    await queryRunner.query("DROP TABLE `sessions`");
  }
}
