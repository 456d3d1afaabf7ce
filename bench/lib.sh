# Shared by the bench scripts, sourced after bin/lib/sandbox.sh with $home and $work set and a
# pids array the caller's cleanup kills: a generated MariaDB data directory, the test
# certificates and a running backup server.

ms() { date +%s%3N; }
mib() { echo $(( $1 / 1048576 )); }
datadir_bytes() { du -sb "$work/db/data" | cut -f1; }

# bench_datadir GB: starts instance "db" on $db_port with at least GB gigabytes (a decimal is
# fine) of generated rows in $work/db/data, reusing what an earlier run generated, and creates
# the client's account; sets db_port and pidfile, exports MYSQL_BACKUP_MYSQL_PASSWORD.
bench_datadir() {
  local gigabytes=$1 target batch password
  export SANDBOX_BUFFER_POOL=256M SANDBOX_LOG_FILE_SIZE=96M
  db_port=$(free_port)
  if [[ -d "$work/db/data" ]]; then
    make_instance db "$db_port" "$work/db/data"
  else
    init_instance db "$db_port"
  fi
  pidfile="$work/db/mysqld.pid"
  sh -c "$(start_command db)"
  wait_for_port "$db_port" 60 "MariaDB"
  target=$(awk -v g="$gigabytes" 'BEGIN { printf "%d", g * 1024 * 1024 * 1024 }')
  (( target > 0 )) || die "size '$gigabytes' is not a number of GB"
  if (( $(datadir_bytes) < target )); then
    say "Generating about $gigabytes GB of rows (half random bytes, half text)"
    sql db "CREATE DATABASE IF NOT EXISTS bulk;
      CREATE TABLE IF NOT EXISTS bulk.payloads (id BIGINT PRIMARY KEY, k INT, payload VARBINARY(1024), KEY (k)) ENGINE=InnoDB"
    batch=$(sql db "SELECT COALESCE(MAX(id), 0) DIV 200000 + 1 FROM bulk.payloads")
    while (( $(datadir_bytes) < target )); do
      sql db "USE bulk; INSERT INTO payloads SELECT $batch * 200000 + seq, seq MOD 1000,
        CONCAT(RANDOM_BYTES(256), REPEAT(MD5(seq + $batch), 8)) FROM seq_0_to_199999"
      batch=$(( batch + 1 ))
    done
  fi
  password="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  sql db "CREATE USER IF NOT EXISTS 'backup'@'127.0.0.1'; ALTER USER 'backup'@'127.0.0.1' IDENTIFIED BY '$password'"
  export MYSQL_BACKUP_MYSQL_PASSWORD="$password"
}

# settle_free_memory: waits until this host has taken back the memory freed before (default
# 30 s, BENCH_SETTLE_S), so that the next contender does not inherit the warm page cache of the
# one before it. A virtual machine with free page reporting (virtio-balloon) hands freed memory
# to its host some seconds after it is freed, and touching it again costs about 2.8 s per GiB
# wherever the page cache lands: the same 1 GiB file write took 0.2 s right after a delete and
# 2.8 s 25 s later. Every contender then starts from that steady state.
settle_free_memory() {
  sync
  sleep "${BENCH_SETTLE_S:-30}"
}

# bench_server [JAVA_OPTS]: a private CA with server and client "bench" certificates in
# $work/certs (kept between runs), then a fresh server on 127.0.0.1 storing into $work/storage;
# sets certs, server_port and server_pid. Empty JAVA_OPTS: the launcher's default heap.
bench_server() {
  certs="$work/certs"
  if [[ ! -f "$certs/client-bench.p12" ]]; then
    rm -rf "$certs"
    "$home/bin/backup-server" certs --dir "$certs" init >/dev/null
    "$home/bin/backup-server" certs --dir "$certs" server --name localhost --san 127.0.0.1 >/dev/null
    "$home/bin/backup-server" certs --dir "$certs" client --id bench >/dev/null
  fi
  rm -rf "$work/storage" "$work"/server.db* "$work"/client.db* "$work/client-work"
  server_port=$(free_port)
  JAVA_OPTS="${1:-}" "$home/bin/backup-server" --config "$home/config/server.properties" \
    -D server.host=127.0.0.1 -D server.port="$server_port" \
    -D storage.root="$work/storage" -D storage.reserve=0 -D db.file="$work/server.db" \
    -D tls.key-store="$certs/server.p12" -D tls.key-store-password-file="$certs/server.p12.password" \
    -D tls.trust-store="$certs/truststore.p12" -D tls.trust-store-password-file="$certs/truststore.p12.password" \
    2>"$work/server.log" &
  server_pid=$!
  pids+=("$server_pid")
  wait_for_port "$server_port" 60 "The server"
}

# peer_certs: self-signed server and client keys for the socat peer in $work/peer (kept between
# runs); sets peer. server.pem/client.pem are key + certificate, *.crt the certificate alone.
peer_certs() {
  peer="$work/peer"
  [[ -f "$peer/server.pem" ]] && return
  mkdir -p "$peer"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -keyout "$peer/server.key" -out "$peer/server.crt" 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench \
    -keyout "$peer/client.key" -out "$peer/client.crt" 2>/dev/null
  cat "$peer/server.key" "$peer/server.crt" > "$peer/server.pem"
  cat "$peer/client.key" "$peer/client.crt" > "$peer/client.pem"
}
