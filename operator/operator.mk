# Operator targets, included by the root Makefile. Only `e2e` and the test suite run without Docker in a sandbox;
# cluster/publish/loadImage need Docker and kind on the host.

KIND            ?= kind
KIND_CLUSTER    ?= tus
KUBECTL         ?= kubectl
TUS_NAMESPACE   ?= resumable-upload
JIB_VERSION     ?= 3.5.1
SERVER_IMAGE    ?= resumable/tus-server:0.1.0
OPERATOR_IMAGE  ?= resumable/tus-operator:0.1.0
JIB_SERVER_ARGS := -Djib.from.image=eclipse-temurin:17-jre -Djib.to.image=$(SERVER_IMAGE) \
	-Djib.container.mainClass=dev.resumable.tus.cli.Main -Djib.container.user=65532 \
	-Djib.container.ports=1080,9090 -Djib.container.jvmFlags=-Djava.io.tmpdir=/tmp

.PHONY: cluster publish images-tar loadImage apply clean e2e operator-test

## cluster: create the kind cluster (kind-config.yaml) and the resumable-upload namespace
cluster:
	$(KIND) create cluster --name $(KIND_CLUSTER) --config kind-config.yaml
	$(KUBECTL) create namespace $(TUS_NAMESPACE) --dry-run=client -o yaml | $(KUBECTL) apply -f -

## publish: build the server and operator images into the local Docker daemon with Jib (no Dockerfile)
publish:
	mvn -B -q -DskipTests -pl server,operator -am package
	mvn -B -q -pl server com.google.cloud.tools:jib-maven-plugin:$(JIB_VERSION):dockerBuild $(JIB_SERVER_ARGS)
	mvn -B -q -pl operator com.google.cloud.tools:jib-maven-plugin:$(JIB_VERSION):dockerBuild \
		-Djib.to.image=$(OPERATOR_IMAGE)

## images-tar: build both images as tarballs (no Docker needed): server/target/jib-image.tar, operator/target/jib-image.tar
images-tar:
	mvn -B -q -DskipTests -pl server,operator -am package
	mvn -B -q -pl server com.google.cloud.tools:jib-maven-plugin:$(JIB_VERSION):buildTar $(JIB_SERVER_ARGS)
	mvn -B -q -pl operator com.google.cloud.tools:jib-maven-plugin:$(JIB_VERSION):buildTar \
		-Djib.to.image=$(OPERATOR_IMAGE)

## loadImage: copy both images from Docker into the kind node
loadImage:
	$(KIND) load docker-image $(SERVER_IMAGE) $(OPERATOR_IMAGE) --name $(KIND_CLUSTER)

## apply: install CRD, RBAC and the operator (config/default), then the file-store sample TusServer
apply:
	$(KUBECTL) apply -k config/default
	$(KUBECTL) wait --for=condition=Established crd/tusservers.resumable.dev --timeout=60s
	$(KUBECTL) -n $(TUS_NAMESPACE) rollout status deployment/tus-operator --timeout=180s
	$(KUBECTL) apply -k config/samples
	$(KUBECTL) -n $(TUS_NAMESPACE) wait --for=condition=Ready tusserver/demo --timeout=180s

## clean: delete the kind cluster
clean:
	$(KIND) delete cluster --name $(KIND_CLUSTER)

## e2e: K3s end-to-end suite (Testcontainers, needs Docker): operator deployed, TusServer applied, real tus upload
e2e: images-tar
	mvn -B -q -DskipTests -pl server -am install
	mvn -B -pl operator verify -Dsurefire.groups=e2e -Dsurefire.excludedGroups=none

## operator-test: the operator's default suite (mock server, schema, kustomize, flags the server accepts); part of
## `make test`. The server is installed first: the operator's tests parse its arguments with the server's CLI.
operator-test:
	mvn -B -q -DskipTests -pl server -am install
	mvn -B -pl operator verify
