#!/usr/bin/env bash
# The event-driven scenarios of issue 9, this server against @tus/server 2.x (bench/peer, installed here with npm
# for the bench only), interleaved rounds, medians reported.
# Usage: bench/scale.sh   (from the repository root; `make bench` builds the jar first)
# Scale with BENCH_ROUNDS (3), BENCH_TRICKLE (uploads, 10000), BENCH_TRICKLE_SECONDS (60), BENCH_CHUNKED (1024
# uploads of 4 MiB), BENCH_SECONDS (10 per throughput scenario), BENCH_WARMUP (5 s of small uploads before the
# measured ones, reported as the cold figure).
# No file is deleted while the servers run: every server starts on a directory of its own, and the 4 MiB uploads are
# emptied (truncated, their page cache freed), not deleted. On an ext4 without a journal (this project's bench VM)
# file creation skips, one by one, every inode freed in the last 5 minutes, so deleting one server's 20,000 files
# made the next server's small uploads up to 2.5x slower. For the same reason, on such a volume leave 5 minutes after
# deleting many files there (the previous run's clean-up included) before starting.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=server/target/tus-server.jar
WORK=${BENCH_DIR:-/tmp/tus-bench-scale}
PORT=${BENCH_PORT:-18091}
ROUNDS=${BENCH_ROUNDS:-3}
TRICKLE=${BENCH_TRICKLE:-10000}
TRICKLE_SECONDS=${BENCH_TRICKLE_SECONDS:-60}
CHUNKED=${BENCH_CHUNKED:-1024}
SECONDS_EACH=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-5}
SERVER_PID=""
SINK_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK"
[ -d bench/peer/node_modules/@tus/server ] || (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

bench() { java -Xmx1g bench/TusBench.java "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
await_port() {
  for _ in $(seq 1 150); do curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:$PORT/files/" && return 0; sleep 0.1; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
settle() { sync; sleep 8; }   # written back, and freed inodes older than ext4's 5 s "recently deleted" window
DATA=""
start() {  # ours | peer, on a new directory
  DATA=$(mktemp -d "$WORK/data.$1.XXXX"); settle
  if [ "$1" = ours ]; then
    java -Xmx256m -jar "$JAR" -host 127.0.0.1 -port "$PORT" -upload-dir "$DATA" -network-timeout 120s \
      > "$WORK/server.log" 2>&1 &
  else
    node bench/peer/server.mjs "$PORT" "$DATA" > "$WORK/server.log" 2>&1 &
  fi
  SERVER_PID=$!
  await_port
}
stop() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
empty_large() { find "$DATA" -maxdepth 1 -type f -size +1M -exec truncate -s 0 {} +; }
before() { sed -E "s|.* ([0-9.]+) $1.*|\1|"; }   # the number just before a unit
after() { sed -E "s|.*$1 ([0-9.]+).*|\1|"; }    # the number just after a word

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, java $(java -version 2>&1 | head -1), node $(node --version)"
echo "== $ROUNDS interleaved rounds, medians; server -Xmx256m, peer @tus/server $(node -p "require('./bench/peer/node_modules/@tus/server/package.json').version")"
declare -A small small_cold heads chunked_mbs chunked_cold chunked_p99 chunked_all_p99
# the HEAD ceiling of this driver on this machine: a thread-per-connection sink that answers HEAD and does nothing else
java -Xmx1g bench/TusBench.java sink > "$WORK/sink.port" & SINK_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/sink.port" ] && break; sleep 0.1; done
sink_heads=""
for round in $(seq 1 "$ROUNDS"); do
  sink_heads+="$(bench heads "$(cat "$WORK/sink.port")" /sink/ 32 "$SECONDS_EACH" | tee -a "$WORK/sink.txt" | before 'HEAD/s') "
  for who in ours peer; do
    start "$who"
    # a server in service is warm: the first BENCH_WARMUP seconds of a fresh process (a JVM still compiling, node
    # still optimizing, and the driver's own JVM too) are reported as the cold figure, the next BENCH_SECONDS on the
    # same connections are measured
    out=$(bench small "$PORT" /files/ 32 "$SECONDS_EACH" "$WARMUP" | tee -a "$WORK/$who.txt")
    small[$who]+="$(before 'uploads/s \(POST' <<<"$out") "
    small_cold[$who]+="$(after 'unmeasured:' <<<"$out") "
    heads[$who]+="$(bench heads "$PORT" /files/ 32 "$SECONDS_EACH" | tee -a "$WORK/$who.txt" | before 'HEAD/s') "
    # one pass (the cold figure: a JVM compiles the large-body path for about 2,000 uploads), then the measured pass
    # right after, the first pass's files emptied. No settle in between: on this VM a pause lets the kernel hand the
    # freed page cache back to the host, and writing into such pages again costs the peer about a quarter of its
    # throughput (178 against 243 MB/s) and this server nothing
    cold=$(bench chunked "$PORT" /files/ "$CHUNKED" $((4 << 20)) $((1 << 20)) 256)
    chunked_cold[$who]+="$(before 'MB/s' <<<"$cold") "
    empty_large
    out=$(bench chunked "$PORT" /files/ "$CHUNKED" $((4 << 20)) $((1 << 20)) 256 | tee -a "$WORK/$who.txt")
    chunked_mbs[$who]+="$(before 'MB/s' <<<"$out") "
    chunked_p99[$who]+="$(after 'PATCH p50 [0-9.]+ ms p99' <<<"$out") "
    chunked_all_p99[$who]+="$(after 'all requests p99' <<<"$out") "
    stop; empty_large
  done
done
kill "$SINK_PID"; SINK_PID=""
echo "-- raw sink (HEAD ceiling)"; cat "$WORK/sink.txt"
echo "sink HEAD/s median: $(tr ' ' '\n' <<<"$sink_heads" | grep . | median)"
for who in ours peer; do
  echo "-- $who"; cat "$WORK/$who.txt"
  echo "$who small uploads/s median: $(tr ' ' '\n' <<<"${small[$who]}" | grep . | median), cold first $WARMUP s: ${small_cold[$who]}"
  echo "$who HEAD/s median: $(tr ' ' '\n' <<<"${heads[$who]}" | grep . | median)"
  echo "$who chunked MB/s median: $(tr ' ' '\n' <<<"${chunked_mbs[$who]}" | grep . | median), PATCH p99 ms median: $(tr ' ' '\n' <<<"${chunked_p99[$who]}" | grep . | median), POST+PATCH p99 ms median: $(tr ' ' '\n' <<<"${chunked_all_p99[$who]}" | grep . | median), cold pass MB/s: ${chunked_cold[$who]}"
done
echo "== trickle: $TRICKLE uploads, one byte every 5 s for $TRICKLE_SECONDS s (one round each)"
for who in ours peer; do
  start "$who"
  echo "$who: $(bench trickle "$PORT" /files/ "$TRICKLE" "$TRICKLE_SECONDS" "$SERVER_PID")"
  stop
done
