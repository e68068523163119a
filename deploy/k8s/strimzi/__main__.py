"""``python -m deploy.k8s.strimzi [--check]``: write (or check) deploy/k8s/base/kafka/."""

from __future__ import annotations

import sys

from .render import OUT, stale, write


def main(argv: list[str]) -> int:
    if "--check" in argv:
        differ = stale()
        for name in differ:
            print(f"{OUT / name} differs from the code; run `make manifests`", file=sys.stderr)
        return 1 if differ else 0
    for path in write():
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
