import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1795326600046 implements MigrationInterface {
  name = 'Outbox1795326600046';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_events` (`position` int NOT NULL AUTO_INCREMENT, `id` varchar(36) NOT NULL, `type` varchar(64) NOT NULL, `aggregateType` varchar(32) NOT NULL, `aggregateId` varchar(64) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_outbox_events_id` (`id`), PRIMARY KEY (`position`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `outbox_deliveries` (`id` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `eventPosition` int NOT NULL, `consumer` varchar(32) NOT NULL, `aggregateKey` varchar(100) NOT NULL, `status` varchar(16) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `nextAttemptAt` datetime(3) NOT NULL, `lockedUntil` datetime(3) NULL, `lastError` varchar(500) NULL, `deliveredAt` datetime(3) NULL, INDEX `ix_outbox_deliveries_order` (`consumer`, `aggregateKey`, `eventPosition`), INDEX `ix_outbox_deliveries_due` (`status`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `handled_events` (`eventId` varchar(36) NOT NULL, `type` varchar(64) NOT NULL, `producer` varchar(32) NOT NULL, `handledAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `jobs` (`id` varchar(36) NOT NULL, `type` varchar(64) NOT NULL, `payload` text NOT NULL, `dueAt` datetime(3) NOT NULL, `status` varchar(16) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `maxAttempts` int NOT NULL, `lastError` varchar(500) NULL, `lockedBy` varchar(64) NULL, `lockedUntil` datetime(3) NULL, `createdAt` datetime(3) NOT NULL, `updatedAt` datetime(3) NOT NULL, INDEX `ix_jobs_due` (`status`, `dueAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_jobs_due` ON `jobs`");
    await queryRunner.query("DROP TABLE `jobs`");
    await queryRunner.query("DROP TABLE `handled_events`");
    await queryRunner.query("DROP INDEX `ix_outbox_deliveries_due` ON `outbox_deliveries`");
    await queryRunner.query("DROP INDEX `ix_outbox_deliveries_order` ON `outbox_deliveries`");
    await queryRunner.query("DROP TABLE `outbox_deliveries`");
    await queryRunner.query("DROP INDEX `uq_outbox_events_id` ON `outbox_events`");
    await queryRunner.query("DROP TABLE `outbox_events`");
  }
}
