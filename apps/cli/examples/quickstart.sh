#!/usr/bin/env bash
# The README's quickstart: a small sample schema on the local PostgreSQL, exported compressed,
# encrypted and checksummed, then imported into a second database under another schema name.
# Safe to run again: it recreates its two databases, sluice_quickstart_src and sluice_quickstart_dst.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PG_URL=${SLUICE_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
server=${PG_URL%/*}
src=$server/sluice_quickstart_src
dst=$server/sluice_quickstart_dst
work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-quickstart.XXXXXX")
# The sluice of this checkout (after `pnpm build`), run as the installed binary runs: node and its arguments only.
sluice() { node apps/cli/dist/bin.js "$@"; }

echo "== 1. A sample schema \"shop\" in sluice_quickstart_src"
PGOPTIONS=--client-min-messages=warning psql "$PG_URL" -v ON_ERROR_STOP=1 -q \
  -c 'DROP DATABASE IF EXISTS sluice_quickstart_src' -c 'DROP DATABASE IF EXISTS sluice_quickstart_dst' \
  -c 'CREATE DATABASE sluice_quickstart_src' -c 'CREATE DATABASE sluice_quickstart_dst'
psql "$src" -v ON_ERROR_STOP=1 -q <<'SQL'
CREATE SCHEMA shop;
CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL, email text UNIQUE);
CREATE TABLE shop.orders (
  id bigint PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers (id),
  placed_at timestamptz NOT NULL,
  total numeric(10, 2) NOT NULL
);
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
INSERT INTO shop.customers SELECT g, 'Customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 1000) g;
INSERT INTO shop.orders SELECT g, 1 + g % 1000, timestamptz '2024-01-01' + g * interval '1 minute', (g % 500) + 0.99 FROM generate_series(1, 100000) g;
ANALYZE;
SQL

# The encryption password comes from the environment (or a prompt, or ENCRYPTION_PASSWORD_FILE=);
# it never appears in a command line, a log or the dump files.
export SLUICE_ENCRYPTION_PASSWORD=${SLUICE_ENCRYPTION_PASSWORD:-quickstart-demo-password}

echo "== 2. Export it: compressed, encrypted, checksummed, two workers"
sluice export --source "$src" SCHEMAS=shop DIRECTORY="$work" DUMPFILE=shop%U.dmp \
  COMPRESSION=ALL ENCRYPTION=ALL ENCRYPTION_ALGORITHM=AES256 CHECKSUM=YES PARALLEL=2

echo "== 3. Import it into sluice_quickstart_dst as schema shop_copy (checksums verified first)"
sluice import --target "$dst" DIRECTORY="$work" DUMPFILE=shop%U.dmp \
  REMAP_SCHEMA=shop:shop_copy VERIFY_CHECKSUM=YES PARALLEL=2 >/dev/null

echo "== 4. The import log ($work/import.log)"
cat "$work/import.log"
echo
psql "$dst" -q -c 'SELECT (SELECT count(*) FROM shop_copy.customers) AS customers, (SELECT count(*) FROM shop_copy.orders) AS orders'
echo "Dump files and logs are in $work; pnpm sluice info $work/shop01.dmp shows a file's header."
