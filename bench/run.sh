#!/usr/bin/env bash
# `make bench`: the national synthetic set in a fresh PostgreSQL database, then the three
# benchmarks, each printing one JSON line. BENCH_DATABASE_URL chooses the server (default: the
# local one); the database named in it is dropped and created again.
set -euo pipefail
cd "$(dirname "$0")/.."
url="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hub389_bench}"
name="${url##*/}"
admin="${url%/*}/postgres"
scale="${BENCH_SCALE:-national}"
psql "$admin" -q -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
export DATABASE_URL="$url" HUB389_VAR_DIR="$(mktemp -d)"
py=.venv/bin/python
$py manage.py migrate -v0
$py manage.py load_registry
$py -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hub389.settings'); django.setup(); from hub389.demo import load_demo; load_demo()"
$py bench/generate.py --scale "$scale"
$py bench/report_duckdb.py
$py bench/load.py pages
$py bench/load.py flood
$py bench/load.py api
$py bench/exchange.py --rows "${BENCH_IMPORT_ROWS:-10000}"
