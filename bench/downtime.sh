#!/usr/bin/env bash
# bench/downtime.sh [GB]: how long MySQL is down for a backup, beside the floor the hardware
# allows. On one generated MariaDB data directory (default 1.5 GB) it measures, in the same run:
#   floor  mariadb-admin shutdown until the pid file is gone, cp -r of the data directory to a
#          scratch folder, mariadbd started until it answers SELECT 1 (polled every 20 ms)
#   zip    backup-client backup-now with -D snapshot.strategy=zip (downtimeMs of its summary)
#   copy   the same with -D snapshot.strategy=copy
# and prints a table, then as its last line downtime_ratio_vs_floor=<copy downtime / floor>.
# Before each measurement the page cache is dropped (as root), so every run reads the data
# directory from disk; without root every run reads it warm, after one read to warm it up. Each
# measurement then waits for the disk to have been idle for 2 s. The table also splits the copy
# strategy's downtime into the capture and the rest, beside the floor's cp -r and stop + start.
# Needs root on Debian to install what is missing.
#   RUNS=6 measures each six times, interleaved in rotating order, and compares medians.
#   KEEP=1 keeps the work folder; WORK=dir reuses a generated datadir from an earlier run.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin"
gigabytes="${1:-1.5}"
runs="${RUNS:-1}"
work="${WORK:-$(mktemp -d /tmp/mysql-backup-downtime.XXXXXX)}"
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
  rm -rf "$work/scratch" "$work/client-work"
  if [[ "${KEEP:-0}" == 1 || -n "${WORK:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need_commands mariadbd:mariadb-server mariadb:mariadb-client openssl:openssl unzip:unzip
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs is not a positive number"
[[ -f "$home/processors/target/mysql-backup.jar" ]] || mvn -B -q -f "$home/pom.xml" -pl processors -am -DskipTests package

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# The disk holding the work folder, as /sys/class/block/<name>/stat (empty if unknown).
disk_stat="/sys/class/block/$(basename "$(df --output=source "$work" | tail -n 1)")/stat"
[[ -r "$disk_stat" ]] || disk_stat=""
# quiet_disk: waits (up to 60 s) until the disk has read and written nothing for 2 s, so that
# no measurement pays for the write-back of what the one before it wrote or deleted.
quiet_disk() {
  local last="" now same=0 i
  [[ -n "$disk_stat" ]] || { sleep 3; return; }
  for i in $(seq 1 120); do
    now=$(awk '{ print $1, $5, $9 }' "$disk_stat")
    if [[ "$now" == "$last" ]]; then same=$(( same + 1 )); else same=0; fi
    (( same >= 4 )) && return
    last=$now
    sleep 0.5
  done
}
if [[ $(id -u) -eq 0 && -w /proc/sys/vm/drop_caches ]]; then
  cache_note="page cache dropped before each run (reads from disk)"
  settle() { sync; echo 3 > /proc/sys/vm/drop_caches; quiet_disk; }
else
  cache_note="page cache NOT dropped (not root): every run reads the data directory warm"
  settle() { sync; quiet_disk; }
fi

# --- a data directory of the requested size ----------------------------------------
bench_datadir "$gigabytes"
say "Data directory: $(mib "$(datadir_bytes)") MiB, $(find "$work/db/data" -type f | wc -l) files; $cache_note"
[[ $(id -u) -eq 0 && -w /proc/sys/vm/drop_caches ]] || cat $(find "$work/db/data" -type f) > /dev/null

# --- the server, as bench/backup.sh starts it ------------------------------------------
rm -rf "$work/scratch"
bench_server

# --- (a) the floor: stop, cp -r, start ---------------------------------------------------
measure_floor() {
  local run=$1 started stopped copied answered
  rm -rf "$work/scratch"; mkdir -p "$work/scratch"
  settle
  started=$(ms)
  sh -c "$(stop_command db)" >/dev/null
  while [[ -f "$pidfile" ]]; do sleep 0.02; done
  stopped=$(ms)
  cp -r "$work/db/data" "$work/scratch/data"
  copied=$(ms)
  sh -c "$(start_command db)"
  until sql db "SELECT 1" >/dev/null 2>&1; do sleep 0.02; done
  answered=$(ms)
  echo "$(( answered - started )) $(( stopped - started )) $(( copied - stopped )) $(( answered - copied ))" \
    > "$work/floor.$run"
  printf '  floor run %d: down %d ms (stop %d, cp -r %d, start %d)\n' "$run" \
    $(( answered - started )) $(( stopped - started )) $(( copied - stopped )) $(( answered - copied ))
  rm -rf "$work/scratch"
}

# --- (b), (c): a real backup with a snapshot strategy -------------------------------------
# client STRATEGY [args]: backup-client with this bench's settings
client() {
  local strategy=$1; shift
  "$home/bin/backup-client" --config "$home/config/client.properties" \
    -D backup.name="$strategy" \
    -D mysql.port="$db_port" -D mysql.datadir="$work/db/data" -D mysql.pid-file="$pidfile" \
    -D mysql.service.strategy=command \
    -D mysql.service.stop-command="$(stop_command db)" -D mysql.service.start-command="$(start_command db)" \
    -D snapshot.strategy="$strategy" \
    -D snapshot.work-dir="$work/client-work" -D db.file="$work/client.db" \
    -D server.host=localhost -D server.port="$server_port" \
    -D tls.key-store="$certs/client-bench.p12" -D tls.key-store-password-file="$certs/client-bench.p12.password" \
    -D tls.trust-store="$certs/truststore.p12" -D tls.trust-store-password-file="$certs/truststore.p12.password" \
    "$@"
}

measure_backup() {
  local strategy=$1 run=$2 started total summary status down bytes stored manifest method capture
  rm -rf "$work/client-work" "$work/storage/bench"
  settle
  started=$(ms)
  client "$strategy" backup-now >"$work/summary.$strategy.$run" 2>"$work/client.$strategy.$run.log" \
    || { tail -5 "$work/client.$strategy.$run.log"; die "backup-now with snapshot.strategy=$strategy failed"; }
  total=$(( $(ms) - started ))
  summary=$(tail -n 1 "$work/summary.$strategy.$run")
  field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" <<<"$summary"; }
  status=$(field status); down=$(field downtimeMs); bytes=$(field bytes)
  [[ "$status" == Completed ]] || die "backup with snapshot.strategy=$strategy ended $status: $summary"
  [[ "$down" =~ ^[0-9]+$ ]] || die "no downtimeMs in the summary: $summary"
  # what the client really did: the manifest in the stored zip says
  stored="$work/storage/$(field path)"
  manifest=$(unzip -p "$stored" backup-manifest.json 2>/dev/null || true)
  method=$(sed -n 's/.*"strategy":"\([a-z]*\)".*/\1/p' <<<"$manifest")
  # the capture alone (copied or zipped while MySQL is down), from the client's log
  capture=$(sed -n 's/.* by [a-z]* in \([0-9]*\) ms .*while MySQL is down.*/\1/p' "$work/client.$strategy.$run.log" | head -n 1)
  echo "$down $total $bytes ${method:-unknown} ${capture:-0}" > "$work/backup.$strategy.$run"
  printf '  %s run %d: down %d ms, backup-now %d ms, zip %d MiB, strategy in the manifest: %s\n' "$strategy" "$run" \
    "$down" "$total" "$(mib "$bytes")" "${method:-none (no manifest)}"
  grep -o 'Captured .*\|Zipped the .*\|Checksummed .*' "$work/client.$strategy.$run.log" | sed 's/^/    /' || true
  rm -rf "$work/storage/bench" "$work/client-work"
}

# The order rotates from run to run (floor zip copy, copy floor zip, zip copy floor): on a
# virtual disk, what ran just before (the zip run writes and deletes ~1.5 GB) changes the speed
# of the next copy, and no measurement should always pay for it. RUNS=3 or 6 balances it.
say "Measuring: floor, zip, copy (x$runs, order rotating)"
for run in $(seq 1 "$runs"); do
  case $(( (run - 1) % 3 )) in
    0) measure_floor "$run"; measure_backup zip "$run"; measure_backup copy "$run" ;;
    1) measure_backup copy "$run"; measure_floor "$run"; measure_backup zip "$run" ;;
    2) measure_backup zip "$run"; measure_backup copy "$run"; measure_floor "$run" ;;
  esac
done

floor=$(for r in $(seq 1 "$runs"); do cut -d' ' -f1 "$work/floor.$r"; done | median)
floor_stop=$(for r in $(seq 1 "$runs"); do cut -d' ' -f2 "$work/floor.$r"; done | median)
floor_cp=$(for r in $(seq 1 "$runs"); do cut -d' ' -f3 "$work/floor.$r"; done | median)
floor_start=$(for r in $(seq 1 "$runs"); do cut -d' ' -f4 "$work/floor.$r"; done | median)
column() { for r in $(seq 1 "$runs"); do cut -d' ' -f"$2" "$work/backup.$1.$r"; done | median; }
zip_down=$(column zip 1); zip_total=$(column zip 2)
copy_down=$(column copy 1); copy_total=$(column copy 2)
zip_method=$(cut -d' ' -f4 "$work/backup.zip.1"); copy_method=$(cut -d' ' -f4 "$work/backup.copy.1")
copy_capture=$(column copy 5)
# the downtime outside the capture (stop, proof, start, verification, bookkeeping), per run
copy_rest=$(for r in $(seq 1 "$runs"); do awk '{ print $1 - $5 }' "$work/backup.copy.$r"; done | median)
floor_rest=$(for r in $(seq 1 "$runs"); do awk '{ print $2 + $4 }' "$work/floor.$r"; done | median)

say "Results ($(mib "$(datadir_bytes)") MiB data directory, $(nproc) cores, ${runs} run(s), medians; $cache_note)"
printf '%-52s %10s %12s\n' "" "down ms" "x floor"
printf '%-52s %10d %12s\n' "floor: stop + cp -r + start (SELECT 1 every 20 ms)" "$floor" "1.00"
printf '%-52s %10s %12s\n' "  stop $floor_stop ms, cp -r $floor_cp ms, start $floor_start ms" "" ""
printf '%-52s %10d %12s   backup-now %d ms\n' "mysql-backup, snapshot.strategy=zip (did: $zip_method)" "$zip_down" \
  "$(awk -v a="$zip_down" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" "$zip_total"
printf '%-52s %10d %12s   backup-now %d ms\n' "mysql-backup, snapshot.strategy=copy (did: $copy_method)" "$copy_down" \
  "$(awk -v a="$copy_down" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" "$copy_total"
printf '%-52s %10s %12s\n' "  capture $copy_capture ms; the rest (stop, proof, start, verify) $copy_rest ms" "" ""
printf '%-52s %10s %12s\n' "  beside the floor's stop + start $floor_rest ms" "" ""
if [[ "$copy_method" != copy ]]; then
  echo "note: the stored zip does not say the copy strategy ran (manifest: $copy_method); is snapshot.strategy wired into the client?"
fi
echo "downtime_ratio_vs_floor=$(awk -v a="$copy_down" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')"
