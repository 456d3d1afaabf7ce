#!/usr/bin/env bash
# bench/transfer.sh [MiB]: sends a file of random bytes (default 1024 MiB) from the client to
# the server over loopback mutual TLS with the default settings (`backup-client send`),
# then the same file with socat over OpenSSL, in the same run. Prints MB/s of both, the
# peak RSS of client and server, and as its last line ratio_vs_socat=<ours/socat>.
# "ours" is measured from the transfer's first byte to the server's verified STORED answer
# (it includes the server's whole-file SHA-256/MD5 check and its fsync); the command's
# end-to-end time, JVM start and the client's checksum pass included, is printed too, and
# so is socat followed by an fsync of the received file, the durable equivalent.
#   CHUNK=16MiB INFLIGHT=8 override the client's defaults; KEEP=1 keeps the work folder.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mib="${1:-1024}"
work="${WORK:-$(mktemp -d /tmp/mysql-backup-transfer.XXXXXX)}"
mkdir -p "$work"
# shellcheck source=../bin/lib/sandbox.sh
. "$home/bin/lib/sandbox.sh"
# shellcheck source=lib.sh
. "$home/bench/lib.sh"

pids=()
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  if [[ "${KEEP:-0}" == 1 || -n "${WORK:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need_commands socat:socat openssl:openssl ss:iproute2
[[ -x /usr/bin/time ]] || need_commands time:time
[[ -f "$home/processors/target/mysql-backup.jar" ]] || mvn -B -q -f "$home/pom.xml" -pl processors -am -DskipTests package

log_ms() { date -d "$(cut -c1-23 <<<"$1" | tr 'T' ' ')Z" +%s%3N; }

file="$work/random.bin"
if [[ ! -f "$file" || $(stat -c %s "$file") -ne $(( mib * 1048576 )) ]]; then
  say "Writing $mib MiB of random bytes"
  openssl rand -out "$file" $(( mib * 1048576 ))
fi
cat "$file" > /dev/null   # both runs read it from the page cache

# --- mysql-backup ------------------------------------------------------------------
bench_server "${SERVER_JAVA_OPTS:--Xmx1g} ${EXTRA_JAVA_OPTS:-}"

overrides=()
[[ -n "${CHUNK:-}" ]] && overrides+=(-D "transfer.chunk-size=$CHUNK")
[[ -n "${INFLIGHT:-}" ]] && overrides+=(-D "transfer.chunks-in-flight=$INFLIGHT")
say "mysql-backup: backup-client send ($mib MiB, ${CHUNK:-default} chunks, ${INFLIGHT:-default} in flight)"
started=$(ms)
JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx256m} ${EXTRA_JAVA_OPTS:-}" /usr/bin/time -f "%M" -o "$work/client.rss" "$home/bin/backup-client" --config "$home/config/client.properties" \
  -D mysql.datadir=/nonexistent -D snapshot.work-dir="$work/client-work" -D db.file="$work/client.db" \
  -D server.host=localhost -D server.port="$server_port" "${overrides[@]}" \
  -D tls.key-store="$certs/client-bench.p12" -D tls.key-store-password-file="$certs/client-bench.p12.password" \
  -D tls.trust-store="$certs/truststore.p12" -D tls.trust-store-password-file="$certs/truststore.p12.password" \
  send "$file" >"$work/summary.txt" 2>"$work/client.log" || { tail -5 "$work/client.log"; die "send failed"; }
ours_total=$(( $(ms) - started ))
grep -q '"status":"Completed"' "$work/summary.txt" || die "send did not complete: $(cat "$work/summary.txt")"
transfer_start=$(log_ms "$(grep -m1 "ChunkPlanner" "$work/client.log")")
transfer_end=$(log_ms "$(grep -m1 "completed: stored as" "$work/client.log")")
ours_ms=$(( transfer_end - transfer_start ))
client_rss=$(( $(cat "$work/client.rss") / 1024 ))
server_rss=$(( $(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status") / 1024 ))
stored=$(find "$work/storage/bench" -type f | head -1)
cmp -s "$file" "$stored" || die "stored file differs from the original"

# --- socat over OpenSSL --------------------------------------------------------------
say "socat: the same file over OpenSSL"
peer_certs
rm -f "$peer/received.bin"
peer_port=$(free_port)
socat -u "OPENSSL-LISTEN:$peer_port,reuseaddr,bind=127.0.0.1,cert=$peer/server.pem,cafile=$peer/client.crt,verify=1" \
  "CREATE:$peer/received.bin" &
receiver=$!
wait_for_listener "$peer_port" 10 "socat"
started=$(ms)
socat -u "OPEN:$file" "OPENSSL:localhost:$peer_port,cert=$peer/client.pem,cafile=$peer/server.crt"
wait "$receiver"
socat_ms=$(( $(ms) - started ))
# what the receiver above does not do and mysql-backup's server does before it answers STORED
sync -f "$peer/received.bin"
socat_sync_ms=$(( $(ms) - started ))
cmp -s "$file" "$peer/received.bin" || die "socat's copy differs"

bytes=$(( mib * 1048576 ))
mbps() { awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.1f", b / 1e6 / (t / 1000) }'; }
say "Results ($mib MiB over loopback TLS, $(nproc) cores)"
printf '%-52s %10s %10s\n' "" "ms" "MB/s"
printf '%-52s %10s %10s\n' "mysql-backup transfer (first byte -> verified STORED)" "$ours_ms" "$(mbps "$ours_ms")"
printf '%-52s %10s %10s\n' "mysql-backup send, end to end (JVM start, checksums)" "$ours_total" "$(mbps "$ours_total")"
printf '%-52s %10s %10s\n' "socat OPENSSL (peer)" "$socat_ms" "$(mbps "$socat_ms")"
printf '%-52s %10s %10s\n' "socat OPENSSL, then fsync of the file (durable peer)" "$socat_sync_ms" "$(mbps "$socat_sync_ms")"
echo "peak RSS: client JVM $client_rss MiB, server JVM $server_rss MiB"
echo "client_rss_mib=$client_rss server_rss_mib=$server_rss"
awk -v a="$socat_sync_ms" -v b="$ours_ms" 'BEGIN { printf "ratio_vs_durable_socat=%.2f\n", a / b }'
awk -v a="$socat_ms" -v b="$ours_ms" 'BEGIN { printf "ratio_vs_socat=%.2f\n", a / b }'
