#!/usr/bin/env bash
# Creates a migration for both databases from the change to prisma/models.prisma since git HEAD:
#   bash scripts/new-migration.sh add_agents
# Both are written with `prisma migrate diff` between the committed models and the working copy, which needs
# no scratch database (migrate dev's shadow database does not work through the driver adapters here). The
# PostgreSQL diff still opens a connection (MIGRATION_POSTGRES_URL, default the local server) but changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: new-migration.sh NAME}
stamp=$(date -u +%Y%m%d%H%M%S)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for provider in sqlite postgresql; do
  mkdir -p "$scratch/$provider"
  cp "prisma/$provider/schema.prisma" "$scratch/$provider/schema.prisma"
  git show HEAD:prisma/models.prisma > "$scratch/$provider/models.prisma"
  out="prisma/$provider/migrations/${stamp}_$name"
  mkdir -p "$out"
  url=$([ "$provider" = sqlite ] && echo "file:$scratch/unused.db" || echo "${MIGRATION_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}")
  DATABASE_URL="$url" npx prisma migrate diff \
    --from-schema-datamodel "$scratch/$provider" --to-schema-datamodel "prisma/$provider" --script > "$out/migration.sql"
  echo "created $out"
done
