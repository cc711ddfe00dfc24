#!/usr/bin/env bash
# Lock round trip per locker (memory, file, redis, etcd) against redis-server and etcd started here on loopback.
# Usage: bench/lock-bench.sh [rounds]   (from the repository root; `make bench` builds the jar first)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=server/target/tus-server.jar
WORK=$(mktemp -d /tmp/lock-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port); ETCD_PORT=$(free_port); PEER_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
etcd --name bench --data-dir "$WORK/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls "http://127.0.0.1:$PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$PEER_PORT" --initial-cluster "bench=http://127.0.0.1:$PEER_PORT" \
  --log-level warn > "$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
trap 'kill $REDIS_PID $ETCD_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$ETCD_PORT/health" >/dev/null && break; sleep 0.1; done
java -Xmx512m -cp "$JAR" bench/LockBench.java "redis://127.0.0.1:$REDIS_PORT/0" "http://127.0.0.1:$ETCD_PORT" "${1:-2000}" \
  2> "$WORK/bench.err" || { cat "$WORK/bench.err"; exit 1; }
