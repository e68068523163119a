"""The Grafana dashboards and the PrometheusRule in deploy/observability/, checked offline: each
dashboard loads and picks its data source from a variable; every metric a panel or an alert
reads is one the code defines (or a listed external one); every alert carries what an on-call
person needs, its runbook anchor exists, and the rule validates against the schema generated
from prometheus-operator's CRD (deploy/observability/schemas/)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.deploy.metric_names import EXTERNAL, ROOT, defined_in, defined_metrics, read_by

pytestmark = pytest.mark.unit

OBS = ROOT / "deploy" / "observability"
DASHBOARDS = sorted((OBS / "dashboards").glob("*.json"))
RUNBOOK = ROOT / "docs" / "operations.md"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
#: what the issue asks alerts for: DLQ growth, outbox lag, breaker open, consumer lag
REQUIRED_ALERTS = {
    "LiteMaaSDeadLetters",
    "LiteMaaSOutboxLagging",
    "LiteMaaSLiteLLMCircuitOpen",
    "LiteMaaSConsumerLag",
}


def _panels(board: dict[str, Any]) -> list[dict[str, Any]]:
    """Top-level panels and those inside collapsed rows."""
    found = []
    for panel in board["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))
    return found


def _alerts() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((OBS / "alerts.yaml").read_text())
    return loaded


def _rules() -> list[dict[str, Any]]:
    return [rule for group in _alerts()["spec"]["groups"] for rule in group["rules"]]


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", markdown, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_the_name_readers_see_what_they_should(tmp_path: Path) -> None:
    expr = (
        'histogram_quantile(0.95, sum by (le, route) (rate(a_seconds_bucket{job=~"$job",'
        'route!~"/x{y}"}[5m]))) / on (job) group_left () b_total offset 1h > 1e3 and c'
    )
    assert read_by(expr) == {"a_seconds_bucket", "b_total", "c"}
    source = tmp_path / "m.py"
    source.write_text('A = Counter("x_total", "")\nB = Histogram("y_seconds", "")\nC = Gauge(n)')
    assert defined_in([source]) == {
        "x_total",
        "x_created",
        "y_seconds_bucket",
        "y_seconds_sum",
        "y_seconds_count",
        "y_seconds_created",
    }
    # the real code's definitions are found, the ones the alerts need included
    assert {"litemaas_outbox_lag_seconds", "litemaas_http_request_duration_seconds_bucket"} <= (
        defined_metrics()
    )


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_a_dashboard_loads_with_unique_panel_ids_and_a_datasource_variable(path: Path) -> None:
    board = json.loads(path.read_text())
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    ids = [panel["id"] for panel in _panels(board)]
    assert len(ids) == len(set(ids)), f"{path.name}: panel ids repeat"
    for panel in _panels(board):
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24, panel["title"]
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == DATASOURCE, f"{panel['title']}: a hard-coded data source"
        assert panel["targets"], f"{panel['title']}: no query"
        for target in panel["targets"]:
            assert target.get("datasource", DATASOURCE) == DATASOURCE, panel["title"]
    for variable in variables.values():
        if "datasource" in variable:
            assert variable["datasource"] == DATASOURCE, variable["name"]


def test_there_is_an_overview_and_dashboard_uids_are_unique() -> None:
    uids = [json.loads(path.read_text())["uid"] for path in DASHBOARDS]
    assert "litemaas-overview" in uids
    assert len(uids) == len(set(uids))


def test_every_metric_read_is_defined_in_the_code_or_listed_as_external() -> None:
    known = defined_metrics() | set(EXTERNAL)
    unknown: dict[str, set[str]] = {}
    for path in DASHBOARDS:
        for panel in _panels(json.loads(path.read_text())):
            for target in panel.get("targets", []):
                if missing := read_by(target["expr"]) - known:
                    unknown[f"{path.name}: {panel['title']}"] = missing
        for variable in json.loads(path.read_text())["templating"]["list"]:
            query = variable.get("definition", "")
            if query.startswith("label_values(") and (
                missing := read_by(query.split("(", 1)[1].split(",", 1)[0]) - known
            ):
                unknown[f"{path.name}: ${variable['name']}"] = missing
    for rule in _rules():
        if missing := read_by(rule["expr"]) - known:
            unknown[rule["alert"]] = missing
    assert not unknown, f"metrics no code defines: {unknown}"


def test_the_rule_validates_against_prometheus_operators_schema() -> None:
    schema = json.loads((OBS / "schemas" / "prometheusrule-v1.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    errors = [
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(_alerts())
    ]
    assert not errors
    broken = _alerts()
    broken["spec"]["groups"][0]["rules"][0]["annotation"] = {"summary": "misspelt"}
    assert not validator.is_valid(broken), "the schema must refuse fields the CRD does not know"


def test_every_alert_has_its_annotations_and_a_runbook_section() -> None:
    anchors = _anchors(RUNBOOK.read_text())
    names = [rule["alert"] for rule in _rules()]
    assert set(names) >= REQUIRED_ALERTS
    assert len(names) == len(set(names))
    for rule in _rules():
        notes = rule.get("annotations", {})
        assert {"summary", "description", "runbook_url"} <= set(notes), rule["alert"]
        page, _, anchor = notes["runbook_url"].partition("#")
        assert page == "docs/operations.md" and anchor in anchors, rule["alert"]
        assert rule["labels"]["severity"] in ("warning", "critical"), rule["alert"]
