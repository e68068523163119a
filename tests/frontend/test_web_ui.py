"""The web UI's own tests (Vitest: components, translations, accessibility) in `make test`."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_web_ui_tests_pass() -> None:
    """`scripts/frontend test` installs the locked npm packages if needed and runs Vitest."""
    done = subprocess.run(
        [str(ROOT / "scripts" / "frontend"), "test"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
