# Sourced by the fleet's tests and benches (it_fleet.sh, it_fleetview.sh,
# scripts/bench-fleet.sh, scripts/crash-collector.sh): what each needs to start
# a mosquitto of its own on 127.0.0.1, as docs/fleet.md sets one up.

# free_port: a TCP port nobody listens on at the moment.
free_port() {
    python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"
}

# fleet_tls DIR: a throwaway CA (DIR/ca.crt) and the broker's certificate for
# 127.0.0.1 signed by it (DIR/server.crt, DIR/server.key).
fleet_tls() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=vitrine test CA" \
        -keyout "$1/ca.key" -out "$1/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$1/server.key" \
        -out "$1/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$1/san.ext"
    openssl x509 -req -in "$1/server.csr" -CA "$1/ca.crt" -CAkey "$1/ca.key" -CAcreateserial \
        -days 2 -extfile "$1/san.ext" -out "$1/server.crt" 2>/dev/null
}

# fleet_accounts DIR USER...: the broker's password file DIR/passwd, and each
# user's password in DIR/USER.pw (a / in the name becomes -): USER-secret.
fleet_accounts() {
    fa_dir=$1
    shift
    : >"$fa_dir/passwd"
    for u in "$@"; do
        pw=$(printf '%s' "$u" | tr / -)-secret
        mosquitto_passwd -b "$fa_dir/passwd" "$u" "$pw"
        printf '%s\n' "$pw" >"$fa_dir/$(printf '%s' "$u" | tr / -).pw"
    done
    chmod 600 "$fa_dir"/*.pw "$fa_dir/passwd"
}
