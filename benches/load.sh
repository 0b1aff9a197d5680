#!/usr/bin/env bash
# Writes under migration: a 1,000,000-row table takes pgbench writes (updates of random
# rows at a fixed rate) while `schemactl apply` runs a plan on it. For each kind of change
# the same change is applied twice in the same run, with the online plan (the default) and
# with the plain forms (`--offline`: no CONCURRENTLY, no NOT VALID, defaults written by a
# rewrite), so the figures compare as ratios. Reported per run: failed writes, the worst
# and the 99th-percentile write latency (time waited to start, when the rate fell behind,
# included) and the writes that waited over one second.
#
#   DATABASE_URL=postgres://user:pass@host:5432/postgres bash benches/load.sh [ROWS] [SECONDS]
#
# RATE (writes per second, default 400), CLIENTS (default 4), ONLY (one scenario by name)
# and LOCK_TIMEOUT (milliseconds, passed to apply's online runs) change the setup.
#
# Needs psql and pgbench (they ship with the server) and python3; builds schemactl (debug
# profile: planning is not what is measured). Creates and drops databases named
# `schemata_load_*` on the server.
set -euo pipefail

rows=${1:-1000000}
seconds=${2:-20}
rate=${RATE:-400}
clients=${CLIENTS:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/load"
mkdir -p "$work"
# shellcheck source=benches/server.sh
source "$root/benches/server.sh"


cargo build --quiet --bin schemactl --manifest-path "$root/Cargo.toml"
schemactl="$root/target/debug/schemactl"

# --- the base schema and its data, once, as a template ---------------------------------

base_ddl="
CREATE TYPE status AS ENUM ('active', 'closed');
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL,
    email varchar(100) NOT NULL,
    balance integer NOT NULL,
    status status NOT NULL,
    note text
);"

psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<EOF
DROP DATABASE IF EXISTS schemata_load_base;
CREATE DATABASE schemata_load_base;
EOF
base=$(url_for schemata_load_base)
echo "loading $rows rows ..." >&2
psql -q -v ON_ERROR_STOP=1 "$base" <<EOF
$base_ddl
INSERT INTO orgs SELECT g FROM generate_series(1, 1000) g;
INSERT INTO accounts
SELECT g, 1 + g % 1000, 'user' || g || '@example.com', g % 100, 'active', 'note ' || g
FROM generate_series(1, $rows) g;
VACUUM ANALYZE;
EOF

cat >"$work/writes.sql" <<EOF
\set id random(1, $rows)
UPDATE accounts SET balance = balance + 1 WHERE id = :id;
EOF

# --- one scenario: name, the target's extra DDL, and an optional blocker --------------

# The target schema as a snapshot: the base DDL and the change applied to an empty
# database, read back.
target_snapshot() {
    local name=$1 change=$2
    psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<EOF >/dev/null
DROP DATABASE IF EXISTS schemata_load_target;
CREATE DATABASE schemata_load_target;
EOF
    local target
    target=$(url_for schemata_load_target)
    psql -q -v ON_ERROR_STOP=1 "$target" -c "$base_ddl" -c "$change" >/dev/null
    "$schemactl" inspect --url "$target" >"$work/$name.json"
    psql -q "$DATABASE_URL" -c "DROP DATABASE schemata_load_target" >/dev/null
}

# Latency figures from pgbench's per-transaction logs (`-l` with `--rate`: latency and
# schedule lag in microseconds).
figures() {
    python3 - "$@" <<'EOF'
import glob, sys
prefix = sys.argv[1]
waits = []
for path in glob.glob(prefix + "*"):
    for line in open(path):
        f = line.split()
        if len(f) < 6 or f[2] == "skipped":
            continue
        latency = int(f[2])
        lag = int(f[6]) if len(f) > 6 else 0
        waits.append((latency + lag) / 1000.0)
waits.sort()
if not waits:
    print("no writes logged")
    sys.exit()
p99 = waits[int(len(waits) * 0.99) - 1]
over = sum(1 for w in waits if w > 1000)
print(f"{len(waits):6d} writes  max {waits[-1]:8.1f} ms  p99 {p99:7.1f} ms  over 1 s {over:5d}")
EOF
}

run() {
    local name=$1 mode=$2 blocker=${3:-}
    local db=schemata_load_run
    psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<EOF >/dev/null
DROP DATABASE IF EXISTS $db;
CREATE DATABASE $db TEMPLATE schemata_load_base;
EOF
    local url
    url=$(url_for $db)
    rm -f "$work"/pgbench_log.*
    (cd "$work" && pgbench -n -f writes.sql -c "$clients" -j 2 -R "$rate" -T "$seconds" -l \
        --log-prefix=pgbench_log "$url" >"$work/pgbench.out" 2>&1) &
    local bench=$!
    sleep 3
    local hold=
    if [[ -n "$blocker" ]]; then
        # A long transaction reading the table: ACCESS SHARE for 8 s, which the step's
        # ACCESS EXCLUSIVE lock has to wait for.
        psql -q "$url" -c "BEGIN; SELECT count(*) FROM accounts; SELECT pg_sleep(8); COMMIT;" \
            >/dev/null &
        hold=$!
        sleep 0.5
    fi
    local flags=(--allow-hazards --max-retries 30)
    if [[ "$mode" == offline ]]; then
        flags+=(--offline)
    elif [[ -n "${LOCK_TIMEOUT:-}" ]]; then
        flags+=(--lock-timeout "$LOCK_TIMEOUT")
    fi
    local started ended status=ok
    started=$(date +%s.%N)
    if ! "$schemactl" apply --url "$url" --to "$work/$name.json" "${flags[@]}" \
        >"$work/apply.out" 2>&1; then
        status="FAILED ($(tail -n 1 "$work/apply.out"))"
    fi
    ended=$(date +%s.%N)
    wait "$bench" || true
    [[ -n "$hold" ]] && wait "$hold"
    local failed
    failed=$(grep -Eo 'number of failed transactions: [0-9]+' "$work/pgbench.out" |
        grep -Eo '[0-9]+$' || echo "?")
    local aborted=""
    grep -q "aborted" "$work/pgbench.out" && aborted=" (clients aborted)"
    printf '%-22s %-8s apply %6.1f s %-6s failed %s%s  %s\n' "$name" "$mode" \
        "$(python3 -c "print($ended - $started)")" "$status" "$failed" "$aborted" \
        "$(figures "$work/pgbench_log")"
    psql -q "$DATABASE_URL" -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
}

scenario() {
    local name=$1 change=$2 blocker=${3:-}
    [[ -n "${ONLY:-}" && "$ONLY" != "$name" ]] && return
    target_snapshot "$name" "$change"
    run "$name" online "$blocker"
    if [[ -z "$blocker" ]]; then
        run "$name" offline
    fi
}

echo "$rows rows, $clients clients writing $rate/s for $seconds s per run" >&2
scenario new-index "CREATE INDEX accounts_org_idx ON accounts (org_id);"
scenario unique-key "ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);"
scenario foreign-key "ALTER TABLE accounts ADD CONSTRAINT accounts_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);"
scenario not-null "ALTER TABLE accounts ALTER COLUMN note SET NOT NULL;"
scenario check "ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0);"
scenario widen-varchar "ALTER TABLE accounts ALTER COLUMN email TYPE varchar(200);"
scenario int-to-bigint "ALTER TABLE accounts ALTER COLUMN balance TYPE bigint;"
scenario enum-value "ALTER TYPE status ADD VALUE 'frozen';"
scenario volatile-default "ALTER TABLE accounts ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();"
scenario blocked-add-column "ALTER TABLE accounts ADD COLUMN flag boolean;" blocked

psql -q "$DATABASE_URL" -c "DROP DATABASE schemata_load_base" >/dev/null
