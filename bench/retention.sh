#!/usr/bin/env bash
# bench/retention.sh [DAYS]: the server's retention of stored backups on a large storage.
# Generates CLIENTS (default 10) x 2 configurations x DAYS (default 1000) daily backups of
# 4 KiB each, recorded in a real server database as the server records them, then:
#   - `backup-server retention --dry-run` and `--apply` with retention.max-age-days = 365
#     (each deletion checked against the database, logged and recorded), and
#   - the peer, on an identical copy of the storage: find -mmin +525600 -delete (365 days; files
#     only, no record, no protection of the newest backup),
# and checks both left the same files. Prints the times, the JVM's peak RSS, and as its last
# line ratio_vs_find=<ours/find> (apply time, JVM start included). KEEP=1 keeps the work folder.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
days="${1:-1000}"
clients="${CLIENTS:-10}"
keep_days=365
work="${WORK:-$(mktemp -d /tmp/mysql-backup-retention.XXXXXX)}"
mkdir -p "$work"
# shellcheck source=../bin/lib/sandbox.sh
. "$home/bin/lib/sandbox.sh"
# shellcheck source=lib.sh
. "$home/bench/lib.sh"

cleanup() {
  set +e
  if [[ "${KEEP:-0}" == 1 || -n "${WORK:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need_commands sqlite3:sqlite3
[[ -x /usr/bin/time ]] || need_commands time:time
[[ -f "$home/processors/target/mysql-backup.jar" ]] || mvn -B -q -f "$home/pom.xml" -pl processors -am -DskipTests package

storage="$work/storage"
peer="$work/storage-peer"
db="$work/server.db"
rm -rf "$storage" "$peer" "$db" "$db-wal" "$db-shm"
mkdir -p "$storage"
server=("$home/bin/backup-server" --config "$home/config/server.properties"
  -D "db.file=$db" -D "storage.root=$storage" -D "retention.max-age-days=$keep_days")

say "Generating $(( clients * 2 * days )) stored backups ($clients clients x 2 configurations x $days days)"
sqlite3 "$db" "VACUUM"
"${server[@]}" retention --dry-run >/dev/null   # creates the schema, as the server does at start
now=$(date +%s)
# half a day off the day boundary, so "older than 365 days" means the same to both tools
sqlite3 "$db" "
  WITH RECURSIVE day(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM day WHERE n < $days - 1),
       client(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM client WHERE id < $clients),
       config(name) AS (VALUES ('nightly'), ('hourly')),
       backup AS (SELECT 'db-' || client.id AS c, config.name AS k, $now - n * 86400 - 43200 AS t, n
                  FROM day, client, config)
  INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, EndTime, Status, FileName, FilePath,
                          FileSize, ChunkSize, Sha256, Md5, CreatedAtMs, UpdatedAt)
  SELECT printf('%s-%s-%d', c, k, n), c, k, strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch'),
         strftime('%Y-%m-%dT%H:%M:%SZ', t + 60, 'unixepoch'), 'Completed', printf('%s_%s_%d.zip', c, k, n),
         printf('%s/%s_%s_%d.zip', c, c, k, n), 4096, 4194304, printf('%064d', n), printf('%032d', n), t * 1000,
         strftime('%Y-%m-%dT%H:%M:%SZ', t + 60, 'unixepoch')
  FROM backup"
(
  cd "$storage"
  for (( i = 1; i <= clients; i++ )); do mkdir -p "db-$i"; done
  sqlite3 "$db" "SELECT FilePath FROM BackupLogs" | xargs truncate -s 4096
  sqlite3 -separator ' ' "$db" "SELECT CreatedAtMs / 1000, FilePath FROM BackupLogs" \
    | awk '{ files[$1] = files[$1] " " $2 } END { for (t in files) print "touch -d @" t files[t] }' | sh
)
cp -a "$storage" "$peer"
total=$(find "$storage" -name '*.zip' | wc -l)
echo "$total files (sparse)"

say "mysql-backup: retention --dry-run (max-age-days $keep_days)"
t0=$(ms)
"${server[@]}" retention --dry-run > "$work/dry-run.txt"
dry_ms=$(( $(ms) - t0 ))
tail -1 "$work/dry-run.txt"
[[ $(find "$storage" -name '*.zip' | wc -l) -eq $total ]] || die "the dry run changed the storage"

say "mysql-backup: retention --apply"
t0=$(ms)
/usr/bin/time -f '%M' -o "$work/rss.txt" "${server[@]}" retention --apply > "$work/apply.txt" 2> "$work/apply.log"
apply_ms=$(( $(ms) - t0 ))
tail -1 "$work/apply.txt"
ours_left=$(find "$storage" -name '*.zip' | wc -l)
recorded=$(sqlite3 "$db" "SELECT COUNT(*) FROM BackupLogs WHERE DeletedAt IS NOT NULL")
logged=$(grep -c 'Retention deleted' "$work/apply.log" || true)

say "peer: find -mmin +$(( keep_days * 1440 )) -delete"
t0=$(ms)
find "$peer" -name '*.zip' -mmin +$(( keep_days * 1440 )) -delete
find_ms=$(( $(ms) - t0 ))
peer_left=$(find "$peer" -name '*.zip' | wc -l)

diff <(cd "$storage" && find . -name '*.zip' | sort) <(cd "$peer" && find . -name '*.zip' | sort) >/dev/null \
  || die "mysql-backup kept other files than find"
(( recorded == total - ours_left )) || die "$recorded deletions recorded, $(( total - ours_left )) files gone"

say "Results ($total backups of 4 KiB, 2 cores)"
printf '%-44s %8s %10s %10s\n' "" "ms" "deleted" "RSS MiB"
printf '%-44s %8d %10s %10s\n' "mysql-backup retention --dry-run" "$dry_ms" "0" "-"
printf '%-44s %8d %10d %10d\n' "mysql-backup retention --apply" "$apply_ms" $(( total - ours_left )) \
  $(( $(cat "$work/rss.txt") / 1024 ))
printf '%-44s %8d %10d %10s\n' "peer: find -mmin +$(( keep_days * 1440 )) -delete" "$find_ms" $(( total - peer_left )) "-"
echo "same files kept by both: yes; deletions recorded in BackupLogs: $recorded; logged: $logged"
awk -v a="$apply_ms" -v f="$find_ms" 'BEGIN { printf "ratio_vs_find=%.2f\n", a / (f > 0 ? f : 1) }'
