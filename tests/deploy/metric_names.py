"""Metric names two ways: the ones the code defines (read from its source, nothing imported or
run), and the ones a PromQL expression reads (a small tokenizer: enough for our own queries,
and checked against known expressions in the tests)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = [ROOT / "libs" / "servicekit" / "src", *sorted((ROOT / "services").glob("*/src"))]

#: metrics from outside LiteMaaS the dashboards and alerts may read, and what provides them
EXTERNAL = {
    "kafka_consumergroup_lag": "kafka-exporter (Strimzi: Kafka spec.kafkaExporter)",
    "kafka_topic_partition_current_offset": "kafka-exporter (Strimzi: Kafka spec.kafkaExporter)",
    "kafka_topic_partition_oldest_offset": "kafka-exporter (Strimzi: Kafka spec.kafkaExporter)",
}

_KINDS = {"Counter", "Gauge", "Histogram", "Summary"}
_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right",
    "and", "or", "unless", "bool", "offset", "inf", "nan",
}  # fmt: skip


def exposed(kind: str, name: str) -> set[str]:
    """The series names prometheus_client exposes for one metric."""
    if kind == "Counter":
        base = name.removesuffix("_total")
        return {f"{base}_total", f"{base}_created"}
    if kind == "Histogram":
        return {f"{name}_bucket", f"{name}_sum", f"{name}_count", f"{name}_created"}
    if kind == "Summary":
        return {name, f"{name}_sum", f"{name}_count", f"{name}_created"}
    return {name}


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def defined_in(paths: Iterable[Path]) -> set[str]:
    """Every series a ``Counter("name", ...)``-style definition in these files exposes."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or _callee(node) not in _KINDS or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names |= exposed(_callee(node), first.value)
    return names


def defined_metrics() -> set[str]:
    return defined_in(path for root in CODE for path in root.rglob("*.py"))


def read_by(expr: str) -> set[str]:
    """The metric names a PromQL expression selects."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values (may hold anything)
    text = re.sub(r"\$\{?\w+\}?", "", text)  # Grafana variables
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges and subqueries
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    names = set()
    for match in re.finditer(r"(?<![\w.])[a-zA-Z_:][\w:]*", text):
        followed_by_call = re.match(r"\s*\(", text[match.end() :]) is not None
        if not followed_by_call and match.group() not in _WORDS:
            names.add(match.group())
    return names
