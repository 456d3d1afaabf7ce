# Shell helpers shared by bin/demo and the bench/ scripts: Debian packages, free
# ports, and sandbox MariaDB instances (own datadir, port, socket, pid file) under
# a work folder. Source it after setting $work; it defines no behaviour of its own.

say() { printf '\n== %s\n' "$*"; }
die() { printf '%s FAILED: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# need_commands "cmd:package" ...: installs the packages of missing commands (root only)
need_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [[ -x "/usr/sbin/${pair%%:*}" ]] || missing+=("${pair#*:}")
  done
  (( ${#missing[@]} )) || return 0
  [[ $(id -u) -eq 0 ]] || die "run as root to install ${missing[*]}, or install them first"
  say "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# wait_for_port PORT SECONDS WHAT
wait_for_port() {
  local _
  for _ in $(seq 1 $(( $2 * 5 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  die "$3 did not listen on port $1 within $2 s"
}

# wait_for_listener PORT SECONDS WHAT: like wait_for_port, without connecting (for
# one-shot listeners such as socat that would take the probe as their client)
wait_for_listener() {
  local _
  for _ in $(seq 1 $(( $2 * 10 ))); do
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  die "$3 did not listen on port $1 within $2 s"
}

# make_instance NAME PORT DATADIR: writes $work/NAME/my.cnf for an instance on PORT
make_instance() {
  local dir="$work/$1"
  mkdir -p "$dir"
  cat > "$dir/my.cnf" <<CNF
[mariadbd]
datadir=$3
port=$2
bind-address=127.0.0.1
socket=$dir/mysqld.sock
pid-file=$dir/mysqld.pid
log-error=$dir/error.log
user=root
skip-name-resolve
innodb_buffer_pool_size=${SANDBOX_BUFFER_POOL:-32M}
innodb_log_file_size=${SANDBOX_LOG_FILE_SIZE:-8M}
[client]
socket=$dir/mysqld.sock
user=root
CNF
}

# init_instance NAME PORT: a new instance with a fresh datadir in $work/NAME/data
init_instance() {
  make_instance "$1" "$2" "$work/$1/data"
  mariadb-install-db --no-defaults --datadir="$work/$1/data" --user=root \
    --auth-root-authentication-method=normal --skip-test-db >"$work/$1/install.log" 2>&1 \
    || die "mariadb-install-db failed, see $work/$1/install.log"
}

start_command() { echo "nohup mariadbd --defaults-file=$work/$1/my.cnf >/dev/null 2>&1 &"; }
stop_command() { echo "mariadb-admin --defaults-file=$work/$1/my.cnf shutdown"; }
sql() { mariadb --defaults-file="$work/$1/my.cnf" -N -B -e "$2"; }

# stop_all_instances: stops every instance under $work, killing what does not stop
stop_all_instances() {
  local cnf pidfile _
  for cnf in "$work"/*/my.cnf; do
    [[ -f "$cnf" ]] || continue
    pidfile="$(dirname "$cnf")/mysqld.pid"
    [[ -f "$pidfile" ]] || continue
    mariadb-admin --defaults-file="$cnf" shutdown >/dev/null 2>&1
    for _ in $(seq 1 150); do [[ -f "$pidfile" ]] || break; sleep 0.2; done
    [[ -f "$pidfile" ]] && kill -9 "$(cat "$pidfile")" 2>/dev/null
  done
  return 0
}
