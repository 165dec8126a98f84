#!/usr/bin/env bash
# A PostgreSQL backup of the hotline database for a small province: one pg_dump in the custom
# format (compressed, restorable table by table), taken while the service runs (pg_dump reads
# one consistent snapshot), written with permissions for its owner only, and checked by
# listing it. The personal fields in it are sealed: keep the keys apart (hotline keys
# recovery-kit). For point-in-time recovery use pgBackRest or pg_basebackup with WAL
# archiving instead (docs/RUNBOOKS.md).
#
#   deploy/backup-postgres.sh postgres://hotline@db.example/hotline /var/backups/hotline
#
# Restore into a new, empty database (the server stopped, or pointed at the new one):
#
#   createdb -T template0 hotline_restored
#   pg_restore --no-owner --dbname postgres://…/hotline_restored FILE.dump
#   HOTLINE_DATABASE_URL=postgres://…/hotline_restored hotline keys verify
#   HOTLINE_DATABASE_URL=postgres://…/hotline_restored hotline audit verify --full
set -euo pipefail

url=${1:?usage: backup-postgres.sh DATABASE_URL DIRECTORY}
dir=${2:?usage: backup-postgres.sh DATABASE_URL DIRECTORY}
mkdir -p "$dir"
umask 077
file="$dir/hotline-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$url"
# A dump that cannot be listed is no backup.
pg_restore --list "$file.partial" > /dev/null
mv "$file.partial" "$file"
echo "$file"
