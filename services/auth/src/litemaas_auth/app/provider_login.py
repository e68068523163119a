"""Log in through an identity provider (OIDC, OpenShift): start it, then finish it.

The provider's answer counts only for a login this service started: the ``state`` the browser
brings back must name an attempt of the same provider that is neither finished nor expired,
and that attempt's PKCE verifier and nonce go with the code to the provider. The attempt is
spent before the provider is asked, so a replayed ``state`` never reaches it.
"""

from __future__ import annotations

from typing import Protocol

from litemaas_auth.app.login import LoginResult, RolePolicy, log_in_as
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.domain.identities import ProviderIdentity
from litemaas_auth.domain.login_attempts import Attempt


class LoginAttemptStore(Protocol):
    async def begin(self, provider: str, redirect_uri: str) -> Attempt:
        """A new attempt, kept until it is finished or expires."""
        ...

    async def finish(self, provider: str, state: str, binding: str | None) -> Attempt:
        """The attempt ``state`` names, spent; LoginAttemptRefused when it is unknown (or
        another provider's), already finished or expired; LoginNotBound when ``binding`` (the
        browser's cookie) is not the one the attempt was started with."""
        ...


class IdentityProvider(Protocol):
    async def authorize_url(self, attempt: Attempt) -> str:
        """Where to send the browser (state, nonce and PKCE challenge of ``attempt``)."""
        ...

    async def identify(self, code: str, attempt: Attempt) -> ProviderIdentity:
        """The code (with ``attempt``'s verifier and nonce) → who logged in; a Problem when the
        provider refuses, is unreachable, or its answer does not verify."""
        ...


async def start_login(
    name: str, provider: IdentityProvider, attempts: LoginAttemptStore, redirect_uri: str
) -> tuple[str, str]:
    """The provider's authorization URL for a new attempt, and the binding the browser keeps."""
    attempt = await attempts.begin(name, redirect_uri)
    return await provider.authorize_url(attempt), attempt.binding


async def finish_login(
    name: str,
    provider: IdentityProvider,
    attempts: LoginAttemptStore,
    code: str,
    state: str,
    binding: str | None,
    *,
    transactions: Transactions,
    tokens: TokenIssuer,
    policy: RolePolicy,
) -> LoginResult:
    """The user behind ``code``, logged in (created on first login, UserCreated recorded)."""
    attempt = await attempts.finish(name, state, binding)
    who = await provider.identify(code, attempt)
    return await log_in_as(who, transactions=transactions, tokens=tokens, policy=policy)
