#!/usr/bin/env bash
# bench/console.sh [ROWS]: the server console on a large history. Generates a server database with
# ROWS (default 100000) transfers (50 clients x 2 configurations, one in twenty failed), starts the
# server with its console, and times in headless Chromium the dashboard and a filtered page of the
# log browser (from the start of navigation to the first rows on screen, median of RUNS=5 loads
# after one warm-up), and the REST calls behind them (curl, median of 7). The peer is the same
# queries run by the sqlite3 shell on the same file: the cost of the data itself. The last line is
# console_page_ms=<the slower page> (target: under 500). KEEP=1 keeps the work folder.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-100000}"
runs="${RUNS:-5}"
work="${WORK:-$(mktemp -d /tmp/mysql-backup-console.XXXXXX)}"
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

need_commands sqlite3:sqlite3 curl:curl chromium:chromium chromedriver:chromium-driver
say "Building mysql-backup and the page timer"
mvn -B -q -f "$home/pom.xml" -pl tests -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
classpath="$home/tests/target/test-classes:$home/processors/target/classes:$(cat "$work/classpath.txt")"
[[ -f "$home/processors/target/mysql-backup.jar" ]] || mvn -B -q -f "$home/pom.xml" -pl processors -am -DskipTests package

certs="$work/certs"
if [[ ! -f "$certs/server.p12" ]]; then
  "$home/bin/backup-server" certs --dir "$certs" init >/dev/null
  "$home/bin/backup-server" certs --dir "$certs" server --name localhost --san 127.0.0.1 >/dev/null
fi
db="$work/server.db"
rm -f "$db" "$db-wal" "$db-shm"
mkdir -p "$work/storage"
server_port=$(free_port)
ui_port=$(free_port)
server=("$home/bin/backup-server" --config "$home/config/server.properties"
  -D server.host=127.0.0.1 -D server.port="$server_port" -D storage.root="$work/storage" -D storage.reserve=0
  -D db.file="$db" -D tls.key-store="$certs/server.p12" -D tls.key-store-password-file="$certs/server.p12.password"
  -D tls.trust-store="$certs/truststore.p12" -D tls.trust-store-password-file="$certs/truststore.p12.password"
  -D ui.enabled=true -D ui.port="$ui_port")

say "Generating $rows history rows"
sqlite3 "$db" "VACUUM"
password_file="$work/console.password"
od -An -N16 -tx8 /dev/urandom | tr -d ' \n' > "$password_file"
"${server[@]}" ui-user add bench --password-file "$password_file" >/dev/null   # creates the schema too
now=$(date +%s)
sqlite3 "$db" "
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $rows - 1),
       r AS (SELECT i, 'db-' || (i % 50) AS c, CASE WHEN (i / 50) % 2 = 0 THEN 'main' ELSE 'reports' END AS k,
                    $now - ($rows - i) * 900 AS t, i % 20 = 7 AS failed FROM n)
  INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, EndTime, Status, FileName, FilePath,
                          FileSize, ChunkSize, Sha256, Md5, CreatedAtMs, UpdatedAt, ErrorMessage, VerifyResult)
  SELECT printf('t-%08d', i), c, k, strftime('%Y-%m-%dT%H:%M:%fZ', t, 'unixepoch'),
         strftime('%Y-%m-%dT%H:%M:%fZ', t + 95, 'unixepoch'), CASE WHEN failed THEN 'Failed' ELSE 'Completed' END,
         printf('%s_%s_%d.zip', c, k, i), CASE WHEN failed THEN NULL ELSE printf('%s/%s_%s_%d.zip', c, c, k, i) END,
         1073741824 + i, 4194304, printf('%064d', i), printf('%032d', i), t * 1000,
         strftime('%Y-%m-%dT%H:%M:%fZ', t + 95, 'unixepoch'),
         CASE WHEN failed THEN CASE WHEN i % 3 = 0 THEN 'disk full on the server: 2 GiB needed' ELSE
           'connection reset by the client after chunk 12' END END, CASE WHEN i % 7 = 0 THEN 'intact' END
  FROM r;
  ANALYZE;"
echo "$(sqlite3 "$db" "SELECT COUNT(*) FROM BackupLogs") rows, $(( $(stat -c %s "$db") / 1048576 )) MiB"

say "Starting the server with its console"
"${server[@]}" 2>"$work/server.log" &
pids+=("$!")
wait_for_port "$ui_port" 90 "The console"

base="http://127.0.0.1:$ui_port"
jar="$work/cookies"
# the HTTP port opens before the routes behind it have started
for attempt in $(seq 1 60); do
  curl -fsS -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"user\":\"bench\",\"password\":\"$(cat "$password_file")\"}" "$base/api/login" >/dev/null 2>&1 && break
  (( attempt < 60 )) || die "cannot log in to the console (see $work/server.log)"
  sleep 1
done
filter="status=Failed&client=db-7&text=disk"

median_ms() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rest_ms() {
  local i
  curl -fsS -b "$jar" -o /dev/null "$base$1"   # warm-up
  for i in 1 2 3 4 5 6 7; do
    curl -fsS -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$1"
  done | awk '{ printf "%.1f\n", $1 * 1000 }' | median_ms
}
sqlite_ms() {
  local i start
  for i in 1 2 3 4 5 6 7; do
    start=$(date +%s%N)
    sqlite3 "$db" "$1" >/dev/null
    echo $(( ($(date +%s%N) - start) / 1000 ))
  done | median_ms | awk '{ printf "%.1f", $1 / 1000 }'
}

say "REST calls (median of 7)"
dashboard_rest=$(rest_ms /api/dashboard)
history_rest=$(rest_ms "/api/history?$filter")
echo "ours: GET /api/dashboard ${dashboard_rest} ms, GET /api/history?$filter ${history_rest} ms"
peer_dashboard=$(sqlite_ms "SELECT ClientId, ConfigName, MAX(Id), COUNT(*) FROM BackupLogs GROUP BY ClientId, ConfigName")
peer_history=$(sqlite_ms "SELECT COUNT(*) FROM BackupLogs WHERE Status = 'Failed' AND ClientId = 'db-7'
  AND instr(lower(ErrorMessage), 'disk') > 0; SELECT * FROM BackupLogs WHERE Status = 'Failed' AND ClientId = 'db-7'
  AND instr(lower(ErrorMessage), 'disk') > 0 ORDER BY Id DESC LIMIT 51")
echo "peer: sqlite3 shell, last backup per client and configuration ${peer_dashboard} ms, the same filter ${peer_history} ms"

say "Pages in headless Chromium (navigation start to first rows on screen, median of $runs)"
pages=$(java -Dmysqlbackup.home="$home" -cp "$classpath" org.mysqlbackup.testing.ConsolePageTimer "$base" bench "$password_file" "$work" "$runs" \
  /ui/index.html "/ui/history.html?$filter" 2>"$work/timer.log")
echo "$pages"
dashboard_page=$(echo "$pages" | sed -n 's|^page /ui/index.html content_ms=\([0-9]*\).*|\1|p')
history_page=$(echo "$pages" | sed -n 's|^page /ui/history.html.* content_ms=\([0-9]*\).*|\1|p')
[[ -n "$dashboard_page" && -n "$history_page" ]] || die "the page timer printed no figures (see $work/timer.log)"
echo "dashboard_page_ms=$dashboard_page dashboard_rest_ms=$dashboard_rest"
echo "history_page_ms=$history_page history_rest_ms=$history_rest"
echo "console_page_ms=$(( dashboard_page > history_page ? dashboard_page : history_page ))"
