import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UnregisteredLicenses1795328837356 implements MigrationInterface {
  name = 'UnregisteredLicenses1795328837356';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `licenses` CHANGE `accountId` `accountId` varchar(36) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `licenses` CHANGE `accountId` `accountId` varchar(36) NOT NULL");
  }
}
