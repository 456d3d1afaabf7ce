#!/usr/bin/env bash
# bench/backup.sh [GB]: one real cold backup of a generated MariaDB data directory
# (default 2 GB) with the client and the server limited to -Xmx256m (SERVER_JAVA_OPTS
# changes the server's), beside the naive shell
# pipeline a DBA would write (stop; tar | pigz -p2 -1 | socat OPENSSL; start) on the
# same data and host. Prints wall time, MySQL downtime and the peak RSS of every
# process involved. Needs root on Debian to install what is missing.
#   KEEP=1 keeps the work folder; WORK=dir reuses a generated datadir from an earlier run.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin"
gigabytes="${1:-2}"
work="${WORK:-$(mktemp -d /tmp/mysql-backup-bench.XXXXXX)}"
mkdir -p "$work"
# shellcheck source=../bin/lib/sandbox.sh
. "$home/bin/lib/sandbox.sh"
# shellcheck source=lib.sh
. "$home/bench/lib.sh"

pids=()
cleanup() {
  set +e
  stop_all_instances
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  if [[ "${KEEP:-0}" == 1 || -n "${WORK:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need_commands mariadbd:mariadb-server mariadb:mariadb-client socat:socat pigz:pigz openssl:openssl ss:iproute2
[[ -x /usr/bin/time ]] || need_commands time:time
[[ -f "$home/processors/target/mysql-backup.jar" ]] || mvn -B -q -f "$home/pom.xml" -pl processors -am -DskipTests package

# --- a data directory of the requested size --------------------------------------
bench_datadir "$gigabytes"
rows=$(sql db "SELECT COUNT(*) FROM bulk.payloads")
say "Data directory: $(mib "$(datadir_bytes)") MiB, $rows rows"

# --- mysql-backup -------------------------------------------------------------------
bench_server "${SERVER_JAVA_OPTS:--Xmx256m}"

say "mysql-backup: backup-now with the client at -Xmx256m"
started=$(ms)
JAVA_OPTS="-Xmx256m" /usr/bin/time -f "%M" -o "$work/client.rss" "$home/bin/backup-client" \
  --config "$home/config/client.properties" \
  -D mysql.port="$db_port" -D mysql.datadir="$work/db/data" -D mysql.pid-file="$work/db/mysqld.pid" \
  -D mysql.service.strategy=command \
  -D mysql.service.stop-command="$(stop_command db)" -D mysql.service.start-command="$(start_command db)" \
  -D snapshot.work-dir="$work/client-work" -D db.file="$work/client.db" \
  -D server.host=localhost -D server.port="$server_port" \
  -D tls.key-store="$certs/client-bench.p12" -D tls.key-store-password-file="$certs/client-bench.p12.password" \
  -D tls.trust-store="$certs/truststore.p12" -D tls.trust-store-password-file="$certs/truststore.p12.password" \
  backup-now >"$work/summary.txt" 2>"$work/client.log" || { tail -5 "$work/client.log"; die "backup-now failed"; }
ours_total=$(( $(ms) - started ))
summary=$(tail -n 1 "$work/summary.txt")
field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" <<<"$summary"; }
[[ "$(field status)" == Completed ]] || die "backup status $(field status)"
ours_down=$(field downtimeMs)
ours_bytes=$(field bytes)
client_rss_kb=$(cat "$work/client.rss")
server_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
snapshot_line=$(grep -o 'Captured .*' "$work/client.log" | head -1 || true)

# --- the naive shell pipeline ----------------------------------------------------------
say "Peer: stop; tar | pigz -p2 -1 | socat OPENSSL; start"
peer_certs
peer_port=$(free_port)
/usr/bin/time -f "%M" -o "$work/peer/receiver.rss" socat -u \
  "OPENSSL-LISTEN:$peer_port,reuseaddr,bind=127.0.0.1,cert=$work/peer/server.pem,cafile=$work/peer/client.crt,verify=1" \
  "CREATE:$work/peer/backup.tar.gz" &
receiver=$!
wait_for_listener "$peer_port" 10 "socat"
started=$(ms)
sh -c "$(stop_command db)"
while [[ -f "$work/db/mysqld.pid" ]]; do sleep 0.05; done
tar -C "$work/db/data" -cf - . | /usr/bin/time -f "%M" -o "$work/peer/pigz.rss" pigz -p2 -1 | \
  /usr/bin/time -f "%M" -o "$work/peer/sender.rss" socat -u - \
  "OPENSSL:localhost:$peer_port,cert=$work/peer/client.pem,cafile=$work/peer/server.crt"
sh -c "$(start_command db)"
until sql db "SELECT 1" >/dev/null 2>&1; do sleep 0.05; done
peer_down=$(( $(ms) - started ))
wait "$receiver"
peer_bytes=$(stat -c %s "$work/peer/backup.tar.gz")

say "Results ($(mib "$(datadir_bytes)") MiB data directory, $(nproc) cores)"
printf '%-44s %12s %12s %10s\n' "" "total ms" "down ms" "MiB out"
printf '%-44s %12s %12s %10s\n' "mysql-backup zip -1 + chunked mTLS" "$ours_total" "$ours_down" "$(mib "$ours_bytes")"
printf '%-44s %12s %12s %10s\n' "tar | pigz -p2 -1 | socat OPENSSL (peer)" "$peer_down" "$peer_down" "$(mib "$peer_bytes")"
echo "$snapshot_line"
printf 'peak RSS: client JVM (-Xmx256m) %d MiB, server JVM (%s) %d MiB; peer pigz %d MiB, socat sender %d MiB, socat receiver %d MiB\n' \
  $(( client_rss_kb / 1024 )) "${SERVER_JAVA_OPTS:--Xmx256m}" $(( server_rss_kb / 1024 )) $(( $(cat "$work/peer/pigz.rss") / 1024 )) \
  $(( $(cat "$work/peer/sender.rss") / 1024 )) $(( $(cat "$work/peer/receiver.rss") / 1024 ))
echo "client_peak_rss_mib=$(( client_rss_kb / 1024 )) server_peak_rss_mib=$(( server_rss_kb / 1024 ))"
