# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run stop status test test-unit lint schemas manifests strimzi-schemas bootstrap clean

PY := .venv/bin/python

bootstrap:
	@scripts/bootstrap

## Start the whole platform in the foreground (Ctrl-C or `make stop` stops it).
run: bootstrap
	@scripts/frontend build
	@$(PY) deploy/local/stack.py up --foreground

stop:
	@python3 deploy/local/stack.py down

status:
	@python3 deploy/local/stack.py status

## The whole suite: unit, contract, and the tests against the real stack (started once).
test: bootstrap
	@$(PY) -m pytest

test-unit: bootstrap
	@$(PY) -m pytest -m unit

lint: bootstrap
	@scripts/lint

## Regenerate the committed JSON Schemas and AsyncAPI document from the event models.
schemas: bootstrap
	@$(PY) -m litemaas_contracts.schemas write

## Regenerate the Strimzi objects (deploy/k8s/base/kafka/) from the topic registry and the code.
manifests: bootstrap
	@$(PY) -m deploy.k8s.strimzi

## Regenerate deploy/k8s/schemas/strimzi/ from Strimzi's CRDs (Maven, Java 21+; not in `make test`).
strimzi-schemas: bootstrap
	@$(PY) deploy/k8s/strimzi/crd_schemas.py

clean: stop
	rm -rf .stack .stack-test
