# Shared by the benchmark scripts.

# bench_workdir: sets $work to a fresh temp folder and, on exit, stops $veil_pid and the nginx
# started there and removes the folder.
bench_workdir() {
    work=$(mktemp -d)
    trap 'bench_cleanup' EXIT
}
bench_cleanup() {
    [[ -n "${veil_pid:-}" ]] && kill "$veil_pid" 2>/dev/null || true
    [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}

# start_nginx: a one-worker nginx on loopback around the given `http { }`
# body (server and upstream blocks), with its temp paths, pid and log inside WORK.
#   start_nginx WORK "server { ... }"      (stop with: kill "$(cat WORK/nginx.pid)")
start_nginx() {
    local work=$1 blocks=$2
    mkdir -p "$work/tmp"
    cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
daemon on;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    keepalive_requests 1000000;
$blocks
}
CONF
    nginx -c "$work/nginx.conf" -p "$work"
}
