#!/usr/bin/env bash
# Time from nothing to a ready stack, cold (empty state dir: installs LiteLLM, formats Kafka,
# creates the databases) and warm (state kept, processes stopped), in a throw-away state dir.
#   benchmarks/startup.sh [PORT_BASE]      prints: cold=<s> warm=<s>
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-33000}"
state="$(mktemp -d /tmp/litemaas-bench.XXXX)"
trap 'python3 deploy/local/stack.py down --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
scripts/bootstrap >/dev/null
t() { local s; s=$(date +%s.%N); "$@" >/dev/null; python3 -c "print(round($(date +%s.%N)-$s,1))"; }
cold=$(t .venv/bin/python deploy/local/stack.py up --state-dir "$state" --port-base "$base")
sleep 20  # let start-up work settle before reading memory "at rest"
.venv/bin/python benchmarks/stack_memory.py "$state"
python3 deploy/local/stack.py down --state-dir "$state" >/dev/null
warm=$(t .venv/bin/python deploy/local/stack.py up --state-dir "$state" --port-base "$base")
echo "cold=${cold}s warm=${warm}s"
