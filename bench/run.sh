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
DISK_SINK_PID=""
cleanup() {
  for pid in "$SERVER_PID" "$SINK_PID" "$DISK_SINK_PID"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

ROUNDS=${BENCH_ROUNDS:-3}
bench() { java -Xmx1g bench/TusBench.java "$@"; }
# median of the MB/s figures on stdin (one per line)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
dd_mbs() {  # dd of SIZE_MIB into the upload directory's file system; prints MB/s
  local out; out=$(dd if=/dev/zero of="$WORK/data/dd.bin" bs=8M count=$((SIZE_MIB / 8)) "$@" 2>&1 | tail -1)
  rm -f "$WORK/data/dd.bin"
  awk -v b="$BYTES" '{for (i=1;i<=NF;i++) if ($(i+1) ~ /^s,?$/) {print int(b/$i/1e6); exit}}' <<<"$out"
}
# deleting a 1 GiB file on this mount (online discard) slows the next writes: let the file system settle first
settle() { sync; sleep 1; }
single_mbs() { bench single "$@" | sed -E 's/.* = ([0-9]+) MB\/s/\1/'; }

start_server() {   # extra flags as arguments; heap from HEAP (default 1g)
  java -Xmx"${HEAP:-1g}" -jar "$JAR" -host 127.0.0.1 -port "$PORT" -upload-dir "$WORK/data" "$@" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:$PORT/files/" && return 0; sleep 0.1; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; rm -rf "$WORK/data"; mkdir -p "$WORK/data"; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, java $(java -version 2>&1 | head -1)"
echo "== $ROUNDS rounds each, median reported; sizes ${SIZE_MIB} MiB"
dd_cache=(); dd_sync=(); sink=(); disk_sink=(); tus=(); tus_sync=()
java -Xmx1g bench/TusBench.java sink > "$WORK/sink.port" &
SINK_PID=$!
mkdir -p "$WORK/sink-data"
java -Xmx1g bench/TusBench.java sink "$WORK/sink-data" > "$WORK/disk-sink.port" &
DISK_SINK_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/sink.port" ] && [ -s "$WORK/disk-sink.port" ] && break; sleep 0.1; done
start_server
# the first large PATCH of a fresh JVM runs partly interpreted (about 0.8 s of JIT work per GiB on this machine):
# warm the server with one upload of the same size, as a server in service is, and report that cold figure apart
cold=$(single_mbs "$PORT" /files/ "$BYTES"); rm -f "$WORK"/data/*
for round in $(seq 1 "$ROUNDS"); do
  settle; dd_cache+=("$(dd_mbs)")
  settle; dd_sync+=("$(dd_mbs conv=fdatasync)")
  settle; sink+=("$(single_mbs "$(cat "$WORK/sink.port")" /sink/ "$BYTES")")
  settle; disk_sink+=("$(single_mbs "$(cat "$WORK/disk-sink.port")" /sink/ "$BYTES")")
  rm -f "$WORK"/sink-data/*
  settle; tus+=("$(single_mbs "$PORT" /files/ "$BYTES")")
  rm -f "$WORK"/data/*
done
echo "dd bs=8M, page cache:          ${dd_cache[*]} MB/s -> median $(printf '%s\n' "${dd_cache[@]}" | median)"
echo "dd bs=8M conv=fdatasync:       ${dd_sync[*]} MB/s -> median $(printf '%s\n' "${dd_sync[@]}" | median)"
echo "driver -> discard sink:        ${sink[*]} MB/s -> median $(printf '%s\n' "${sink[@]}" | median)"
echo "driver -> receive+store sink:  ${disk_sink[*]} MB/s -> median $(printf '%s\n' "${disk_sink[@]}" | median)"
echo "tus-server single PATCH:       ${tus[*]} MB/s -> median $(printf '%s\n' "${tus[@]}" | median) (warm; the first, cold: $cold MB/s)"
echo "== tus-server: HEAD latency"
bench head "$PORT" /files/ 20000
stop_server
kill "$SINK_PID" "$DISK_SINK_PID"; SINK_PID=""

start_server -fsync
for round in $(seq 1 "$ROUNDS"); do
  settle; tus_sync+=("$(single_mbs "$PORT" /files/ "$BYTES")")
  rm -f "$WORK"/data/*
done
echo "tus-server -fsync single PATCH: ${tus_sync[*]} MB/s -> median $(printf '%s\n' "${tus_sync[@]}" | median)"
stop_server

echo "== tus-server -Xmx256m: 1024 uploads of 4 MiB from 256 concurrent clients"
HEAP=256m start_server
bench many "$PORT" /files/ 1024 $((4 * 1024 * 1024)) 256
grep -E "OutOfMemory|ERROR" "$WORK/server.log" && { echo "server errors, see above"; exit 1; } || echo "server log: no errors"
stop_server
