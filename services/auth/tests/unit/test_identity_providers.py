"""What identity providers' groups mean here (PKCE is checked end to end by the contract)."""

from __future__ import annotations

import pytest

from litemaas_auth.domain.users import roles_from_groups

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("groups", "roles"),
    [
        ((), ("user",)),
        (("litemaas-users",), ("user",)),
        (("litemaas-admins",), ("admin", "user")),
        (("litemaas-readonly", "x"), ("admin-readonly", "user")),
        (("litemaas-admins", "litemaas-readonly"), ("admin", "admin-readonly", "user")),
    ],
)
def test_groups_grant_roles_by_setting(groups: tuple[str, ...], roles: tuple[str, ...]) -> None:
    assert roles_from_groups(groups, ("litemaas-admins",), ("litemaas-readonly",)) == roles
