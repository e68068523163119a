"""The web UI in a real browser against the real stack: Playwright's specs in `frontend/e2e/`
(the user journey, deactivation, the language switch, axe-core on every main page and their
screenshots under `tests/e2e/screenshots/`), run in Debian's headless Chromium.

Before the run: `scripts/browser` installs Chromium when it is missing, and `scripts/frontend
build` builds the UI the stack's gateway serves from `frontend/dist` (it reads the directory on
every request, so a build made after the gateway started is served at once)."""

from __future__ import annotations

import json
import os
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.stack import ROOT, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
FRONTEND = ROOT / "frontend"


def _run(command: list[str], timeout: float, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **options
    )


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return f"{done.stdout[-12000:]}\n{done.stderr[-4000:]}"


def _skipped(report: dict[str, Any]) -> Iterator[str]:
    """Each skipped spec of Playwright's JSON report, with the reason it gives."""
    for suite in report.get("suites", []):
        yield from _skipped(suite)
    for spec in report.get("specs", []):
        for test in spec["tests"]:
            if test.get("status") == "skipped":
                reasons = [a.get("description", "") for a in test.get("annotations", [])]
                yield f"{spec['title']}: {'; '.join(r for r in reasons if r) or 'no reason given'}"


@pytest.mark.timeout(1500)
def test_the_web_ui_in_headless_chromium(stack: Stack, tmp_path: Path) -> None:
    browser = _run([str(ROOT / "scripts" / "browser")], timeout=600)
    assert browser.returncode == 0, _output(browser)
    build = _run([str(ROOT / "scripts" / "frontend"), "build"], timeout=900)
    assert build.returncode == 0, _output(build)

    gateway = stack.endpoints["GATEWAY_URL"]
    home = httpx.get(f"{gateway}/", timeout=15)
    assert home.status_code == 200 and 'id="root"' in home.text, (
        f"the gateway at {gateway} does not serve the built UI: {home.text[:300]}"
    )

    report = tmp_path / "playwright.json"
    env = os.environ | {
        "LITEMAAS_GATEWAY_URL": gateway,
        "LITEMAAS_E2E_OUTPUT": str(tmp_path / "results"),
        "PLAYWRIGHT_JSON_OUTPUT_FILE": str(report),
        "CI": "1",
    }
    done = _run(
        ["npx", "--no-install", "playwright", "test", "--reporter=list,json"],
        timeout=720,
        cwd=FRONTEND,
        env=env,
    )
    assert done.returncode == 0, _output(done)
    for skipped in _skipped(json.loads(report.read_text())):
        warnings.warn(f"browser test skipped: {skipped}", stacklevel=1)
