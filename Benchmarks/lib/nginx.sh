# Shared by the benchmark scripts: a one-worker nginx on loopback around the given `http { }`
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
