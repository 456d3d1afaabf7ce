#!/usr/bin/env bash
# bench/restore.sh [GB]: a restore of a real backup (a generated MariaDB data directory,
# default 2 GB, backed up by backup-now) from the server into a new folder with
# `backup-client restore`, beside what a DBA would script on the same stored file and host:
# socat the file over OpenSSL, then unzip it. Prints both times, the peak RSS of client and
# server, the drill's time split (fetch, unpack, boot, checks) of `backup-client drill`, and
# as its last line restore_ratio_vs_peer=<ours/peer>.
# "ours" is the restore command end to end: JVM start, the fetch in checksummed chunks, the
# whole-file SHA-256 before unpacking, the checked unpack, ownership and the fsync of every
# file. The last line compares with the peer as a DBA writes it (no sync); the line before it
# with the peer followed by a sync of its folder, the durable equivalent of ours.
# Before each contender the script waits for the memory freed before to go back to the host
# (settle_free_memory in bench/lib.sh): on a virtual machine with free page reporting, whoever
# runs second would otherwise inherit the first one's warm page cache.
#   KEEP=1 keeps the work folder; WORK=dir reuses a generated datadir from an earlier run.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin"
gigabytes="${1:-2}"
work="${WORK:-$(mktemp -d /tmp/mysql-backup-restore.XXXXXX)}"
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
  rm -rf "$work/restored" "$work/peer/restored" "$work/peer/received.zip" "$work/client-work"
  if [[ "${KEEP:-0}" == 1 || -n "${WORK:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need_commands mariadbd:mariadb-server mariadb:mariadb-client socat:socat unzip:unzip openssl:openssl ss:iproute2
[[ -x /usr/bin/time ]] || need_commands time:time
[[ -f "$home/processors/target/mysql-backup.jar" ]] || mvn -B -q -f "$home/pom.xml" -pl processors -am -DskipTests package

# the client's command line, set once the ports are known (an array, so /usr/bin/time can run it)
client_args() {
  client_cmd=("$home/bin/backup-client" --config "$home/config/client.properties" \
    -D mysql.port="$db_port" -D mysql.datadir="$work/db/data" -D mysql.pid-file="$work/db/mysqld.pid" \
    -D mysql.service.strategy=command \
    -D mysql.service.stop-command="$(stop_command db)" -D mysql.service.start-command="$(start_command db)" \
    -D snapshot.work-dir="$work/client-work" -D db.file="$work/client.db" \
    -D server.host=localhost -D server.port="$server_port" \
    -D tls.key-store="$certs/client-bench.p12" -D tls.key-store-password-file="$certs/client-bench.p12.password" \
    -D tls.trust-store="$certs/truststore.p12" -D tls.trust-store-password-file="$certs/truststore.p12.password")
}
client() { "${client_cmd[@]}" "$@"; }

# --- a stored backup of the requested size -------------------------------------------
bench_datadir "$gigabytes"
say "Data directory: $(mib "$(datadir_bytes)") MiB"
bench_server "${SERVER_JAVA_OPTS:--Xmx256m}"
client_args
say "Backing it up once (backup-now)"
JAVA_OPTS="-Xmx256m" client backup-now >"$work/backup.txt" 2>"$work/backup.log" \
  || { tail -n 5 "$work/backup.log"; die "backup-now failed"; }
stored=$(find "$work/storage/bench" -type f -name '*.zip' | head -1)
[[ -f "$stored" ]] || die "no stored zip under $work/storage/bench"
stored_bytes=$(stat -c %s "$stored")
cat "$stored" >/dev/null   # both restores read it from the page cache

# --- mysql-backup restore ------------------------------------------------------------
say "mysql-backup: backup-client restore --latest into a new folder (client at -Xmx256m)"
rm -rf "$work/restored"
sync
settle_free_memory
started=$(ms)
JAVA_OPTS="-Xmx256m" /usr/bin/time -f "%M" -o "$work/client.rss" "${client_cmd[@]}" \
  restore --latest --target "$work/restored" >"$work/restore.txt" 2>"$work/restore.log" \
  || { tail -n 5 "$work/restore.txt" "$work/restore.log"; die "restore failed"; }
ours_ms=$(( $(ms) - started ))
client_rss=$(( $(cat "$work/client.rss") / 1024 ))
server_rss=$(( $(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status") / 1024 ))
restored_bytes=$(du -sb "$work/restored" | cut -f1)

# --- the peer: socat over OpenSSL, then unzip -----------------------------------------
say "Peer: socat OPENSSL of the stored file, then unzip"
peer_certs
rm -rf "$peer/restored" "$peer/received.zip"
sync
settle_free_memory
peer_port=$(free_port)
# the sender plays the server's side (it serves the stored file), the receiver the DBA's host
/usr/bin/time -f "%M" -o "$peer/sender.rss" socat -u "OPEN:$stored" \
  "OPENSSL-LISTEN:$peer_port,reuseaddr,bind=127.0.0.1,cert=$peer/server.pem,cafile=$peer/client.crt,verify=1" &
sender=$!
wait_for_listener "$peer_port" 10 "socat"
started=$(ms)
socat -u "OPENSSL:localhost:$peer_port,cert=$peer/client.pem,cafile=$peer/server.crt" "CREATE:$peer/received.zip"
wait "$sender"
peer_fetch_ms=$(( $(ms) - started ))
/usr/bin/time -f "%M" -o "$peer/unzip.rss" unzip -q "$peer/received.zip" -d "$peer/restored"
peer_ms=$(( $(ms) - started ))
sync -f "$peer/restored"
peer_sync_ms=$(( $(ms) - started ))
cmp -s "$stored" "$peer/received.zip" || die "socat's copy differs"
# same files, same bytes (the manifest is written beside the restored folder, not in it)
diff -rq "$work/restored" "$peer/restored" -x backup-manifest.json >/dev/null \
  || die "the restored folder differs from the peer's unzip"
rm -rf "$peer/restored" "$peer/received.zip" "$work/restored" "$work/restored.backup-manifest.json"

# --- the drill's time split ----------------------------------------------------------
say "backup-client drill --latest (fetch, unpack, boot a throwaway server, checks)"
settle_free_memory
started=$(ms)
JAVA_OPTS="-Xmx256m" client drill --latest >"$work/drill.txt" 2>"$work/drill.log" \
  || { tail -n 8 "$work/drill.txt" "$work/drill.log"; die "drill failed"; }
drill_ms=$(( $(ms) - started ))

say "Results (stored zip $(mib "$stored_bytes") MiB, restored $(mib "$restored_bytes") MiB, $(nproc) cores)"
printf '%-60s %10s\n' "" "ms"
printf '%-60s %10s\n' "mysql-backup restore (fetch, SHA-256, checked unpack, fsync)" "$ours_ms"
printf '%-60s %10s\n' "peer: socat OPENSSL + unzip" "$peer_ms"
printf '%-60s %10s\n' "  of which socat" "$peer_fetch_ms"
printf '%-60s %10s\n' "peer: socat OPENSSL + unzip, then sync (durable peer)" "$peer_sync_ms"
printf '%-60s %10s\n' "mysql-backup drill, end to end" "$drill_ms"
grep -iE 'fetch|unpack|boot|check' "$work/drill.txt" | grep -iE '[0-9]+ ?ms|[0-9.]+ ?s\b' | sed 's/^/  drill: /' || true
tail -n 4 "$work/restore.txt" | sed 's/^/  restore: /'
echo "peak RSS: client JVM (-Xmx256m) $client_rss MiB, server JVM (${SERVER_JAVA_OPTS:--Xmx256m}) $server_rss MiB;" \
  "peer socat $(( $(cat "$peer/sender.rss") / 1024 )) MiB, unzip $(( $(cat "$peer/unzip.rss") / 1024 )) MiB"
echo "client_rss_mib=$client_rss server_rss_mib=$server_rss"
awk -v a="$ours_ms" -v b="$peer_sync_ms" 'BEGIN { printf "restore_ratio_vs_durable_peer=%.2f\n", a / b }'
awk -v a="$ours_ms" -v b="$peer_ms" 'BEGIN { printf "restore_ratio_vs_peer=%.2f\n", a / b }'
