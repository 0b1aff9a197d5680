#!/usr/bin/env bash
# A live diff of two databases of N tables (default 1000), schemactl against migra, in the
# same run: each table has six columns, a primary key, an index, a check and a foreign key
# to the table before it; the second database differs in a tenth of its tables (a new
# column, a dropped index). Prints the median wall time of RUNS (default 5) whole-process
# runs of each tool and their ratio.
#
#   DATABASE_URL=postgres://user:pass@host:5432/postgres bash benches/live-diff.sh [N] [RUNS]
#
# migra comes from PyPI in a virtualenv: MIGRA=/path/to/bin/migra, or it is installed under
# target/live-diff/venv. Creates and drops databases named `schemata_live_*`.
set -euo pipefail

tables=${1:-1000}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/live-diff"
mkdir -p "$work"
# shellcheck source=benches/server.sh
source "$root/benches/server.sh"


migra=${MIGRA:-}
if [[ -z "$migra" ]]; then
    if [[ ! -x "$work/venv/bin/migra" ]]; then
        python3 -m venv "$work/venv"
        "$work/venv/bin/pip" install --quiet migra psycopg2-binary
    fi
    migra="$work/venv/bin/migra"
fi
cargo build --quiet --release --bin schemactl --manifest-path "$root/Cargo.toml"
schemactl="$root/target/release/schemactl"

schema_sql() {
    local changed=$1
    python3 - "$tables" "$changed" <<'EOF'
import sys
n, changed = int(sys.argv[1]), sys.argv[2] == "1"
for i in range(n):
    differs = changed and i % 10 == 0
    extra = ", note text" if differs else ""
    fk = f", parent_id bigint REFERENCES t{i-1}(id)" if i > 0 else ""
    print(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, amount integer CHECK (amount >= 0), "
          f"created_at timestamptz NOT NULL DEFAULT now(), tags text[]{fk}{extra});")
    if not differs:
        print(f"CREATE INDEX t{i}_name_idx ON t{i} (name);")
EOF
}

for side in a b; do
    psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<EOF >/dev/null
DROP DATABASE IF EXISTS schemata_live_$side;
CREATE DATABASE schemata_live_$side;
EOF
    changed=0
    [[ $side == b ]] && changed=1
    schema_sql $changed | psql -q -v ON_ERROR_STOP=1 "$(url_for schemata_live_$side)" >/dev/null
done
a=$(url_for schemata_live_a)
b=$(url_for schemata_live_b)

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# Wall time of one run; a run that fails stops the benchmark (migra exits 2 when the
# databases differ, which is not a failure).
time_runs() {
    for _ in $(seq 1 "$runs"); do
        local start end status=0
        start=$(date +%s.%N)
        "$@" >"$work/out.sql" 2>"$work/err.txt" || status=$?
        end=$(date +%s.%N)
        if [[ $status -ne 0 && $status -ne 2 ]]; then
            echo "$1 failed ($status): $(tail -n 1 "$work/err.txt")" >&2
            exit 1
        fi
        python3 -c "print($end - $start)"
    done | median
}

ours=$(time_runs "$schemactl" diff --from "$a" --to "$b" --allow-hazards)
ours_steps=$(grep -c '^-- Step' "$work/out.sql" || true)
# SQLAlchemy, under migra, wants the scheme with its driver: `postgresql+psycopg2://`.
theirs=$(time_runs "$migra" --unsafe "${a/postgres:\/\//postgresql+psycopg2://}" "${b/postgres:\/\//postgresql+psycopg2://}")
migra_lines=$(grep -c ';' "$work/out.sql" || true)
python3 - "$tables" "$ours" "$theirs" "$ours_steps" "$migra_lines" <<'EOF'
import sys
n, ours, theirs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"{n} tables: schemactl diff {ours:.2f} s ({sys.argv[4]} steps), migra {theirs:.2f} s ({sys.argv[5]} statements); schemactl takes {ours / theirs:.2f}x migra's time")
EOF

for side in a b; do
    psql -q "$DATABASE_URL" -c "DROP DATABASE schemata_live_$side" >/dev/null
done
