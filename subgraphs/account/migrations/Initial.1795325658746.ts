import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795325658746 implements MigrationInterface {
  name = 'Initial1795325658746';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `accounts` (`id` varchar(36) NOT NULL, `email` varchar(254) NOT NULL, `phone` varchar(20) NULL, `status` varchar(16) NOT NULL DEFAULT 'ACTIVE', `createdAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_accounts_email` (`email`), UNIQUE INDEX `uq_accounts_phone` (`phone`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_accounts_phone` ON `accounts`");
    await queryRunner.query("DROP INDEX `uq_accounts_email` ON `accounts`");
    await queryRunner.query("DROP TABLE `accounts`");
  }
}
