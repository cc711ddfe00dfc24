#!/usr/bin/env bash
# Benchmarks of the tus server on loopback, with the physical limits measured in the same run.
# Usage: bench/run.sh            (from the repository root; `make bench` builds the jar first)
# Figures go to stdout; docs/benchmarks.md records a run with this exact command.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=server/target/tus-server.jar
WORK=${BENCH_DIR:-/tmp/tus-bench}
SIZE_MIB=${BENCH_SIZE_MIB:-1024}
BYTES=$((SIZE_MIB * 1024 * 1024))
PORT=${BENCH_PORT:-18090}
rm -rf "$WORK"; mkdir -p "$WORK/data"
SERVER_PID=""; SINK_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

bench() { java -Xmx1g bench/TusBench.java "$@"; }

start_server() {   # extra flags as arguments; heap from HEAP (default 1g)
  java -Xmx"${HEAP:-1g}" -jar "$JAR" -host 127.0.0.1 -port "$PORT" -upload-dir "$WORK/data" "$@" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:$PORT/files/" && return 0; sleep 0.1; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; rm -rf "$WORK/data"; mkdir -p "$WORK/data"; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, java $(java -version 2>&1 | head -1)"
echo "== baseline: disk, dd bs=8M of ${SIZE_MIB} MiB into the upload directory's file system"
dd if=/dev/zero of="$WORK/data/dd.bin" bs=8M count=$((SIZE_MIB / 8)) 2>&1 | tail -1 | sed 's/^/dd page cache: /'
rm -f "$WORK/data/dd.bin"
dd if=/dev/zero of="$WORK/data/dd.bin" bs=8M count=$((SIZE_MIB / 8)) conv=fdatasync 2>&1 | tail -1 | sed 's/^/dd fdatasync:  /'
rm -f "$WORK/data/dd.bin"

echo "== baseline: the driver against a loopback sink that discards bytes (driver ceiling)"
java -Xmx1g bench/TusBench.java sink > "$WORK/sink.port" &
SINK_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/sink.port" ] && break; sleep 0.1; done
bench single "$(cat "$WORK/sink.port")" /sink/ "$BYTES" | sed 's/^/sink /'
kill "$SINK_PID"; SINK_PID=""

echo "== tus-server: one ${SIZE_MIB} MiB upload in one PATCH (file store, page cache)"
start_server
bench single "$PORT" /files/ "$BYTES"
bench single "$PORT" /files/ "$BYTES"
echo "== tus-server: HEAD latency"
bench head "$PORT" /files/ 20000
stop_server

echo "== tus-server -fsync: one ${SIZE_MIB} MiB upload (acknowledged only once on disk)"
start_server -fsync
bench single "$PORT" /files/ "$BYTES"
stop_server

echo "== tus-server -Xmx256m: 1024 uploads of 4 MiB from 256 concurrent clients"
HEAP=256m start_server
bench many "$PORT" /files/ 1024 $((4 * 1024 * 1024)) 256
grep -E "OutOfMemory|ERROR" "$WORK/server.log" && { echo "server errors, see above"; exit 1; } || echo "server log: no errors"
stop_server
