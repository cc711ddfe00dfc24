#!/usr/bin/env bash
# S3 store benchmark: tus upload throughput into S3Proxy on loopback vs. the raw AWS SDK multipart upload of the
# same bytes (same part size and concurrency), in the same run. Usage: bench/s3-bench.sh [MiB] [part MiB] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl server -am -DskipTests test-compile
mvn -B -q -pl server dependency:build-classpath -Dmdep.outputFile=target/s3-bench.classpath -Dmdep.includeScope=test
CP="server/target/test-classes:server/target/classes:$(cat server/target/s3-bench.classpath)"
exec java -Xmx2g -cp "$CP" dev.resumable.tus.store.s3.S3Bench "${1:-1024}" "${2:-50}" "${3:-3}"
