"""The alert rules checked by Prometheus's own tool: ``promtool check rules`` (PromQL and the
annotation templates parse) and ``promtool test rules`` with deploy/observability/alerts.test.yaml
(each alert fires on the series it is for, after its ``for:``, and resolves); every dashboard
query parses.

promtool is built from the Go module proxy by ``scripts/promtool`` (about 15 minutes the first
time, so ``make test`` does not build it): without ``.tools/bin/promtool`` these tests skip and
say how to install it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.deploy.metric_names import ROOT

pytestmark = pytest.mark.unit

OBS = ROOT / "deploy" / "observability"
PROMTOOL = ROOT / ".tools" / "bin" / "promtool"


def _promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if not PROMTOOL.exists():
        pytest.skip("promtool is not installed: run scripts/promtool --version once (a Go build)")
    return subprocess.run(
        [str(PROMTOOL), *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def _rule_file(tmp_path: Path, *, annotations: bool) -> Path:
    """alerts.yaml's groups as the plain rule file promtool reads."""
    groups = yaml.safe_load((OBS / "alerts.yaml").read_text())["spec"]["groups"]
    if not annotations:
        for group in groups:
            for rule in group["rules"]:
                rule.pop("annotations", None)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"groups": groups}))
    return path


def test_promtool_accepts_every_rule(tmp_path: Path) -> None:
    _rule_file(tmp_path, annotations=True)
    checked = _promtool("check", "rules", "rules.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_each_alert_fires_when_it_should_and_resolves(tmp_path: Path) -> None:
    _rule_file(tmp_path, annotations=False)
    shutil.copy(OBS / "alerts.test.yaml", tmp_path / "alerts.test.yaml")
    tested = _promtool("test", "rules", "alerts.test.yaml", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_every_dashboard_query_parses(tmp_path: Path) -> None:
    """Grafana shows a parse error only when someone opens the panel; promtool finds it now."""
    failures = []
    for board in sorted((OBS / "dashboards").glob("*.json")):
        for panel in json.loads(board.read_text())["panels"]:
            for target in panel.get("targets", []):
                expr = target["expr"].replace("$__rate_interval", "5m")
                parsed = _promtool("promql", "format", "--experimental", expr, cwd=tmp_path)
                if parsed.returncode != 0:
                    failures.append(f"{board.name} {panel['title']}: {parsed.stderr.strip()}")
    assert not failures
