# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run stop status test test-unit test-scale lint schemas manifests strimzi-schemas bootstrap clean

PY := .venv/bin/python

bootstrap:
	@scripts/bootstrap

## Start the whole platform in the foreground (Ctrl-C or `make stop` stops it).
## SCALE=N: N instances of every service and relay (remembered for the next `make run`).
run: bootstrap
	@scripts/frontend build
	@$(PY) deploy/local/stack.py up --foreground $(if $(SCALE),--scale $(SCALE))

stop:
	@python3 deploy/local/stack.py down

status:
	@python3 deploy/local/stack.py status

## The whole suite: unit, contract, and the tests against the real stack (started once).
test: bootstrap
	@$(PY) -m pytest

test-unit: bootstrap
	@$(PY) -m pytest -m unit

## Two of every service and relay on a stack of their own (.stack-scale): effects once, order
## per key, one instance of each killed mid-burst; then scale 1 against scale 2 in figures.
test-scale: bootstrap
	@LITEMAAS_KEEP_STACK=1 $(PY) -m pytest tests/scale; passed=$$?; \
	  $(PY) benchmarks/scale_out.py --state-dir .stack-scale; \
	  python3 deploy/local/stack.py down --state-dir .stack-scale; exit $$passed

lint: bootstrap
	@scripts/lint

## Regenerate the committed JSON Schemas and AsyncAPI document from the event models.
schemas: bootstrap
	@$(PY) -m litemaas_contracts.schemas write

## Regenerate the Kubernetes objects generated from code: the services' (deploy/k8s/base/services/)
## and the Strimzi ones (deploy/k8s/base/kafka/) from the topic registry and the consumers.
manifests: bootstrap
	@$(PY) -m deploy.k8s.generate
	@$(PY) -m deploy.k8s.strimzi

## Regenerate deploy/k8s/schemas/strimzi/ from Strimzi's CRDs (Maven, Java 21+; not in `make test`).
strimzi-schemas: bootstrap
	@$(PY) -m deploy.k8s.strimzi.crd_schemas

clean: stop
	rm -rf .stack .stack-test .stack-scale
