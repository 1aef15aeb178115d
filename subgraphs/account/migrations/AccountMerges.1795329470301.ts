import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountMerges1795329470301 implements MigrationInterface {
  name = 'AccountMerges1795329470301';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `account_merges` (`id` varchar(36) NOT NULL, `survivorId` varchar(36) NOT NULL, `mergedId` varchar(36) NOT NULL, `mergedEmail` varchar(254) NOT NULL, `previewedAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `confirmedAt` datetime(3) NULL, INDEX `ix_account_merges_survivor` (`survivorId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_account_merges_survivor` ON `account_merges`");
    await queryRunner.query("DROP TABLE `account_merges`");
  }
}
