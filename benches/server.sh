# Shared by the benchmark scripts that need a Postgres server: sourced, not run.

# Not the NOTICEs of DROP ... IF EXISTS.
export PGOPTIONS='-c client_min_messages=warning'
: "${DATABASE_URL:?set DATABASE_URL to a server where databases may be created}"

# DATABASE_URL with its database replaced by $1.
url_for() {
    python3 - "$DATABASE_URL" "$1" <<'PY'
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))
PY
}
