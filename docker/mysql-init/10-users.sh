#!/bin/bash
# The databases of the three subgraphs and one MySQL user each, with the least each needs.
# The MySQL image runs this once, as root, when it initialises an empty data volume
# (/docker-entrypoint-initdb.d); on a volume made before, run the same statements by hand.
#
#   account_svc, order_svc, subscription_svc   SELECT, INSERT, UPDATE, DELETE on their own
#       database only: a subgraph reads and writes its rows and nothing else (no other
#       subgraph's data, no DDL, no user or server rights). The subgraphs run with
#       DATABASE_MIGRATIONS=check: they create nothing, and refuse to start while a
#       migration is pending.
#   migrator   what migrations do (CREATE, ALTER, DROP, INDEX, REFERENCES, and the row
#       statements a migration may run) on the three databases and nowhere else, for the
#       one-shot `migrate` service (scripts/migrate.ts) that runs before the subgraphs.
#
# Passwords come from the container's environment (docker-compose.yml); they go into a
# mysql:// URL as they are, so they are limited to URL-safe characters (openssl rand -hex 24).
set -euo pipefail

for variable in ACCOUNT_DB_PASSWORD ORDER_DB_PASSWORD SUBSCRIPTION_DB_PASSWORD MIGRATOR_DB_PASSWORD; do
  if [[ ! "${!variable:-}" =~ ^[A-Za-z0-9._~-]{16,}$ ]]; then
    echo "$variable must be 16 or more of A-Z a-z 0-9 . _ ~ - (openssl rand -hex 24)" >&2
    exit 1
  fi
done

docker_process_sql <<SQL
CREATE DATABASE IF NOT EXISTS account CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS orders CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS subscriptions CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE USER 'account_svc'@'%' IDENTIFIED BY '${ACCOUNT_DB_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE ON account.* TO 'account_svc'@'%';

CREATE USER 'order_svc'@'%' IDENTIFIED BY '${ORDER_DB_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE ON orders.* TO 'order_svc'@'%';

CREATE USER 'subscription_svc'@'%' IDENTIFIED BY '${SUBSCRIPTION_DB_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE ON subscriptions.* TO 'subscription_svc'@'%';

CREATE USER 'migrator'@'%' IDENTIFIED BY '${MIGRATOR_DB_PASSWORD}';
GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON account.* TO 'migrator'@'%';
GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON orders.* TO 'migrator'@'%';
GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON subscriptions.* TO 'migrator'@'%';
SQL
