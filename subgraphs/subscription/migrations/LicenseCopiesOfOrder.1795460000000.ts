import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * X1: the product name, order number and buyer that `order.confirmed` carries, kept with each
 * license so that this subgraph resolves `License.product { name }` and `License.order { number }`
 * itself. Additive: nullable columns, nothing else of the table changes.
 */
export class LicenseCopiesOfOrder1795460000000 implements MigrationInterface {
  name = 'LicenseCopiesOfOrder1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `licenses` ADD `productName` varchar(200) NULL');
    await queryRunner.query('ALTER TABLE `licenses` ADD `orderNumber` varchar(40) NULL');
    await queryRunner.query('ALTER TABLE `licenses` ADD `orderAccountId` varchar(36) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `licenses` DROP COLUMN `orderAccountId`');
    await queryRunner.query('ALTER TABLE `licenses` DROP COLUMN `orderNumber`');
    await queryRunner.query('ALTER TABLE `licenses` DROP COLUMN `productName`');
  }
}
