#!/usr/bin/env bash
# Where `schemactl inspect` spends the server's time: the CPU each catalog query costs the
# server (user + system, from `log_statement_stats`), summed by statement, and the client's
# CPU, for one run against the database at URL. CPU time, unlike wall time, hardly moves with
# the machine's load, so two builds can be compared on a busy machine.
#
#   bash benches/catalog-cpu.sh postgres://user:pass@host:5432/db [SCHEMACTL]
#
# Needs a role that may `ALTER DATABASE ... SET log_statement_stats` (a superuser) and the
# server's log file: LOG, by default Debian's for the newest cluster.
set -euo pipefail

url=${1:?the URL of the database to read}
root=$(cd "$(dirname "$0")/.." && pwd)
schemactl=${2:-}
if [[ -z "$schemactl" ]]; then
    cargo build --quiet --release --bin schemactl --manifest-path "$root/Cargo.toml"
    schemactl="$root/target/release/schemactl"
fi
log=${LOG:-$(ls -t /var/log/postgresql/postgresql-*-main.log | head -n 1)}
db=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).path.lstrip("/"))' "$url")

export PGOPTIONS='-c client_min_messages=warning'
psql -q "$url" -c "ALTER DATABASE \"$db\" SET log_statement_stats = on"
start=$(wc -l <"$log")
client=$({ /usr/bin/time -f "%U %S" "$schemactl" inspect --url "$url" >/dev/null; } 2>&1 | tail -n 1)
psql -q "$url" -c "ALTER DATABASE \"$db\" RESET log_statement_stats"

tail -n +"$((start + 1))" "$log" | python3 -c '
import re, sys
entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ )", sys.stdin.read())
cpu, pending = {}, None
for entry in entries:
    if "system usage stats" in entry:
        used = re.search(r"!\s+([0-9.]+) s user, ([0-9.]+) s system", entry)
        pending = float(used.group(1)) + float(used.group(2))
    elif "STATEMENT:" in entry and pending is not None:
        statement = " ".join(entry.split("STATEMENT:", 1)[1].split())[:90]
        cpu[statement] = cpu.get(statement, 0) + pending
        pending = None
for statement, seconds in sorted(cpu.items(), key=lambda item: -item[1])[:12]:
    print(f"{seconds * 1000:8.1f} ms  {statement}")
print(f"{sum(cpu.values()) * 1000:8.1f} ms  the server, every statement")
'
echo "$client" | awk '{printf "%8.1f ms  the client (user + system)\n", ($1 + $2) * 1000}'
