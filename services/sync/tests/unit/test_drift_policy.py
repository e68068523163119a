"""Diff and conflict policy, pure: every difference found once, spend never, each decided by
the configured policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litemaas_sync.domain.desired import Overlay, merge
from litemaas_sync.domain.drift import Desired, FieldState, Observed, diff, money, same
from litemaas_sync.domain.policy import BadPolicy, Policies, decide, parse_policies

pytestmark = pytest.mark.unit
T0 = datetime(2026, 11, 1, tzinfo=UTC)

values = st.one_of(st.none(), st.integers(0, 10**6), st.text(max_size=8), st.booleans())
field_names = st.sampled_from(["alias", "email", "tpm_limit", "rpm_limit", "blocked"])
objects = st.dictionaries(field_names, values, max_size=5)


def _desired(entity_id: str, fields: dict[str, object]) -> Desired:
    return Desired("team", entity_id, {n: FieldState(v, T0, "e1") for n, v in fields.items()})


@given(st.dictionaries(st.text(min_size=1, max_size=4), objects, max_size=6))
def test_a_state_equal_to_litellm_has_no_drift(state: dict[str, dict[str, object]]) -> None:
    desired = {i: _desired(i, f) for i, f in state.items()}
    observed = {i: Observed("team", i, dict(f)) for i, f in state.items()}
    assert diff(desired, observed) == []


@given(objects, objects)
def test_each_differing_field_is_one_drift(
    ours: dict[str, object], theirs: dict[str, object]
) -> None:
    drifts = diff({"t": _desired("t", ours)}, {"t": Observed("team", "t", theirs)})
    expected = {n for n in ours if n in theirs and not same(n, ours[n], theirs[n])}
    assert sorted(d.field for d in drifts) == sorted(expected)
    assert all((d.ours, d.theirs) == (ours[d.field], theirs[d.field]) for d in drifts)


def test_spend_and_fields_litemaas_does_not_own_are_never_drift() -> None:
    desired = {"t": _desired("t", {"alias": "a"})}
    observed = {"t": Observed("team", "t", {"alias": "a", "spend": 12.5, "metadata": {}})}
    assert diff(desired, observed) == []


def test_money_is_equal_to_a_billionth_and_models_as_a_set() -> None:
    assert same("max_budget", "10", 10.0000000001)
    assert not same("max_budget", "10", 10.01)
    assert same("models", ["b", "a"], ["a", "b"])
    assert money(Decimal("10.500")) == money(10.5)


def test_expiry_within_the_provisioning_delay_is_the_same() -> None:
    ours = T0.isoformat()
    assert same("expires", ours, (T0 + timedelta(minutes=3)).isoformat())
    assert not same("expires", ours, (T0 + timedelta(days=2)).isoformat())


def test_objects_on_one_side_only_and_members() -> None:
    desired = {
        "gone": _desired("gone", {"alias": "g"}),
        "t": _desired("t", {"alias": "a", "member:u1": True}),
        "old": Desired("team", "old", {}, "tombstoned"),
        "theirs": Desired("team", "theirs", {}, "foreign"),
    }
    observed = {
        "t": Observed("team", "t", {"alias": "a", "member:u1": True, "member:u9": True}),
        "new": Observed("team", "new", {}),
        "old": Observed("team", "old", {}),
        "theirs": Observed("team", "theirs", {}),
    }
    found = {(d.entity_id, d.field, d.presence) for d in diff(desired, observed)}
    assert found == {
        ("gone", "*", "only_litemaas"),
        ("t", "member:u9", "both"),
        ("new", "*", "only_litellm"),
    }


@given(st.lists(st.tuples(st.integers(0, 100), st.text(max_size=3)), min_size=1, max_size=8))
def test_the_latest_event_wins_whatever_the_order(events: list[tuple[int, str]]) -> None:
    fields: dict[str, FieldState] = {}
    for minute, value in events:
        fields = merge(fields, {"alias": value}, f"e{minute}", T0 + timedelta(minutes=minute))
    latest = max(minute for minute, _ in events)
    assert fields["alias"].changed_at == T0 + timedelta(minutes=latest)
    assert fields["alias"].value in {v for m, v in events if m == latest}


def test_defaults_push_budgets_and_members_and_take_the_newest_alias() -> None:
    policies = Policies()
    [budget] = diff(
        {"t": _desired("t", {"max_budget": "5"})}, {"t": Observed("team", "t", {"max_budget": "9"})}
    )
    assert decide(budget, policies) == "pushed"
    theirs_newer = diff(
        {"t": _desired("t", {"alias": "ours"})},
        {"t": Observed("team", "t", {"alias": "theirs"}, T0 + timedelta(hours=1))},
    )[0]
    assert decide(theirs_newer, policies) == "adopted"
    ours_newer = diff(
        {"t": _desired("t", {"alias": "ours"})},
        {"t": Observed("team", "t", {"alias": "theirs"}, T0 - timedelta(hours=1))},
    )[0]
    assert decide(ours_newer, policies) == "pushed"


def test_objects_on_one_side_follow_their_settings() -> None:
    made_there = diff({}, {"k": Observed("key", "k", {})})[0]
    assert decide(made_there, Policies()) == "reported"
    assert decide(made_there, Policies(only_in_litellm="adopt")) == "adopted"
    gone_user = diff({"u": Desired("user", "u", {})}, {})[0]
    assert decide(gone_user, Policies()) == "tombstoned"
    assert decide(gone_user, Policies(deleted_in_litellm="recreate")) == "recreated"
    gone_key = diff({"k": Desired("key", "k", {})}, {})[0]
    assert decide(gone_key, Policies(deleted_in_litellm="recreate")) == "tombstoned"


def test_overrides_by_field_then_kind_and_bad_settings_refused() -> None:
    policies = Policies(parse_policies("key.max_budget=litellm_wins, team.*=litellm_wins"))
    assert policies.for_field("key", "max_budget") == "litellm_wins"
    assert policies.for_field("key", "models") == "litemaas_wins"
    assert policies.for_field("team", "member:u1") == "litellm_wins"
    assert policies.for_field("user", "alias") == "newest_wins"
    for bad in ("org.x=litemaas_wins", "key.models=whoever_wins", "key=litellm_wins"):
        with pytest.raises(BadPolicy):
            parse_policies(bad)


def test_billings_budget_and_a_credit_cap_win_over_the_events_fields() -> None:
    team = _desired("t", {"max_budget": "5", "alias": "a"})
    overlay = Overlay({("team", "t"): {"max_budget": "50", "budget_duration": "1mo"}})
    assert overlay.apply(team).fields["max_budget"].value == "50"
    capped = Overlay(capped=frozenset({("team", "t")}))
    assert "max_budget" not in capped.apply(team).fields


def test_money_reads_as_plain_decimals() -> None:
    assert (money(30), money("3E+1"), money(1e-05), money(None)) == ("30", "30", "0.00001", None)
