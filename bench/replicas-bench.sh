#!/usr/bin/env bash
# Small uploads through a round-robin proxy to one replica and to three replicas on one S3 bucket (S3Proxy) with the
# Redis locker (redis-server from Debian), interleaved rounds. Usage: bench/replicas-bench.sh [seconds] [clients] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl server -am -DskipTests test-compile
mvn -B -q -o -pl server dependency:build-classpath -Dmdep.outputFile=target/replicas-bench.classpath \
  -Dmdep.includeScope=test
CP="server/target/test-classes:server/target/classes:$(cat server/target/replicas-bench.classpath)"
exec java -Xmx1g -cp "$CP" dev.resumable.tus.replicas.ReplicasBench "${1:-10}" "${2:-16}" "${3:-3}"
