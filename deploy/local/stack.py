#!/usr/bin/env python3
"""LiteMaaS local stack launcher (Python 3.11 standard library only; runs before any venv).

    python3 deploy/local/stack.py up [--foreground] [--only infra] [--state-dir DIR] [--port-base N]
    python3 deploy/local/stack.py down | status [--json]
    python3 deploy/local/stack.py start|stop|kill COMPONENT [COMPONENT ...]

Defaults: state dir <repo>/.stack, port base 20000 (remembered in the state dir). Ports are
base + offset: postgres +0, redis +1, kafka +2 (controller +3), litellm +4, gateway +10,
auth +11, catalog +12, keys +13, billing +14, sync +15. Logs: <state>/logs/<component>.log.
When up, <state>/endpoints.env (mode 0600) holds every URL and the LiteLLM master key.
"""

import sys
from pathlib import Path

if sys.version_info < (3, 11):  # noqa: UP036 (this runs under any system python3)
    sys.exit(f"stack.py needs Python 3.11 or newer (this is {sys.version.split()[0]})")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from launcher.cli import main

if __name__ == "__main__":
    sys.exit(main())
