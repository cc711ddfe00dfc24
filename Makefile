# tus on Kubernetes: build, run and test the tus server (and, once present, the operator).
# `make run` starts a server on http://localhost:1080/files/ storing into ./data; `make test` runs every test.

MVN        ?= mvn -B -q
SERVER_JAR := server/target/tus-server.jar
NODE_TEST  := server/src/test/node
AZURITE    := server/src/test/azurite
ARGS       ?=

.PHONY: all build run test test-deps test-tools bench clean-build help

all: build

help:
	@echo "make build   - build server/target/tus-server.jar (and the operator, when present)"
	@echo "make run     - start the server on http://localhost:1080/files/ storing into ./data (ARGS='-flag value' to add flags)"
	@echo "make test    - install test dependencies when missing, then run the whole test suite"
	@echo "make bench   - run the benchmarks in bench/ (file store, S3, lock round trips) and print figures for docs/benchmarks.md"

build:
	$(MVN) -DskipTests package

$(SERVER_JAR): $(shell find server/src/main -name node_modules -prune -o -type f -print 2>/dev/null) server/pom.xml pom.xml
	$(MVN) -DskipTests -pl server -am package

run: $(SERVER_JAR)
	java -jar $(SERVER_JAR) -upload-dir ./data $(ARGS)

# Test dependencies: the real tus-js-client used by the interop test, and playwright-core for the welcome page's
# browser test; Azurite for the Azure store tests. (The welcome page itself is bundled by the Maven build with the system's node/npm.)
test-deps: $(NODE_TEST)/node_modules/.installed $(AZURITE)/node_modules/.installed

$(NODE_TEST)/node_modules/.installed: $(NODE_TEST)/package.json $(NODE_TEST)/package-lock.json
	cd $(NODE_TEST) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Azurite (npm), the Azure Storage emulator the Azure store tests start.
$(AZURITE)/node_modules/.installed: $(AZURITE)/package.json $(AZURITE)/package-lock.json
	cd $(AZURITE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Real servers and tools the tests start, from Debian packages (none of them starts a service): command:package.
# strace (FileStoreFsyncTest), chromium (welcome page browser test), redis-server and etcd (locker tests).
TEST_TOOLS := strace:strace chromium:chromium redis-server:redis-server etcd:etcd-server prometheus:prometheus

# Installs the missing ones with one apt-get run; nothing when all are present.
test-tools:
	@missing=""; for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then echo "installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

test: test-deps test-tools
	mvn -B verify

bench: $(SERVER_JAR)
	bench/run.sh
	bench/scale.sh
	bench/s3-bench.sh 1024 50 3
	bench/lock-bench.sh 2000
	bench/replicas-bench.sh 10 16 3

clean-build:
	mvn -B -q clean

# Operator targets (cluster, publish, loadImage, apply, clean, e2e) live beside the operator module.
-include operator/operator.mk
