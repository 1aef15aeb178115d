import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PasswordResets1795329063431 implements MigrationInterface {
  name = 'PasswordResets1795329063431';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `password_resets` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `tokenHash` varchar(64) NOT NULL, `createdAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `usedAt` datetime(3) NULL, UNIQUE INDEX `uq_password_resets_token` (`tokenHash`), INDEX `ix_password_resets_account` (`accountId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_password_resets_account` ON `password_resets`");
    await queryRunner.query("DROP INDEX `uq_password_resets_token` ON `password_resets`");
    await queryRunner.query("DROP TABLE `password_resets`");
  }
}
