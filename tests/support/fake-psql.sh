#!/usr/bin/env bash
set -u
declare -A vars; steps=()
while [ $# -gt 0 ]; do case "$1" in -v) vars["${2%%=*}"]="${2#*=}"; shift 2;; -f) steps+=("$(basename "$2")"); shift 2;; -c) steps+=("$2"); shift 2;; *) shift;; esac; done
# A server still starting refuses connections until pg_isready has seen it up (FAKE_READY).
[ -e "$FAKE_READY" ] || { echo "psql: error: connection to server failed: the database system is starting up" >&2; exit 2; }
line=$(grep "^$PGUSER:$PGPASSWORD:" "$FAKE_STATE") || { echo "FATAL: password authentication failed for user \"$PGUSER\"" >&2; exit 2; }
echo "$PGUSER ${steps[*]}" >> "$FAKE_LOG"
IFS=: read -r _ _ super _ <<< "$line"
cp "$FAKE_STATE" "$FAKE_STATE.tx"  # --single-transaction: all or nothing
fail() { echo "ERROR: $1" >&2; rm -f "$FAKE_STATE.tx"; exit 3; }
has() { grep -q "^$1:" "$FAKE_STATE.tx"; }
put() { local boot; boot=$(grep "^$1:" "$FAKE_STATE.tx" | cut -d: -f4); grep -v "^$1:" "$FAKE_STATE.tx" > "$FAKE_STATE.tx2"; echo "$1:$2:$3:${boot:--}" >> "$FAKE_STATE.tx2"; mv "$FAKE_STATE.tx2" "$FAKE_STATE.tx"; }
for step in "${steps[@]}"; do
  case "$step" in
    "SELECT 1") ;;
    handover.sql) [ "$super" = super ] || fail "permission denied to create role"; put atlasia_roles_handover "${vars[superuser_password]}" super ;;
    rename.sql) [ "$PGUSER" != ai ] || fail "session user cannot be renamed"; has postgres && fail 'role "postgres" already exists'
                sed -i 's/^ai:/postgres:/' "$FAKE_STATE.tx" ;;
    roles.sql) [ "$super" = super ] || fail "must be superuser"; has postgres || fail 'role "postgres" does not exist'
               grep -q '^ai:.*:bootstrap$' "$FAKE_STATE.tx" && fail "The bootstrap user must have the SUPERUSER attribute."
               put postgres "${vars[superuser_password]}" super; put ai_owner "${vars[owner_password]}" plain; put ai "${vars[app_password]}" plain ;;
    "DROP ROLE IF EXISTS atlasia_roles_handover") [ "$PGUSER" != atlasia_roles_handover ] || fail "current user cannot be dropped"
               grep -v '^atlasia_roles_handover:' "$FAKE_STATE.tx" > "$FAKE_STATE.tx2"; mv "$FAKE_STATE.tx2" "$FAKE_STATE.tx" ;;
    *) fail "unexpected step $step" ;;
  esac
done
mv "$FAKE_STATE.tx" "$FAKE_STATE"
