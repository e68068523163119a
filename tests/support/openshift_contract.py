"""A recorded-contract stand-in for an OpenShift cluster's OAuth server and user API.

OpenShift cannot run on these machines. This server answers what a real cluster answers, in
the shapes OpenShift 4 documents and returns (RFC 8414 metadata, ``/oauth/authorize``,
``/oauth/token`` with client credentials and PKCE, ``/apis/user.openshift.io/v1/users/~``),
and checks what a real one checks: the client's secret, the redirect URI, the PKCE verifier,
single-use codes, bearer tokens. The browser's password step is replaced by choosing, through
``POST /_contract/next-user``, who has an OpenShift session when the login starts.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated, Any

import uvicorn
from fastapi import FastAPI, Form, Header, HTTPException
from fastapi.responses import RedirectResponse

USERS: dict[str, dict[str, Any]] = {
    "alice": {"fullName": "Alice Liddell", "groups": ["litemaas-users"]},
    "olga": {"fullName": "Olga Operator", "groups": ["litemaas-admins", "litemaas-users"]},
    "rory": {"fullName": "Rory Reader", "groups": ["litemaas-readonly"]},
}


@dataclass
class Contract:
    client_id: str
    client_secret: str
    redirect_uri: str
    next_user: str = "alice"
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def app_for(contract: Contract, base_url: str) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/oauth-authorization-server")
    def metadata() -> dict[str, Any]:
        return {
            "issuer": base_url,
            "authorization_endpoint": f"{base_url}/oauth/authorize",
            "token_endpoint": f"{base_url}/oauth/token",
            "scopes_supported": [
                "user:check-access",
                "user:full",
                "user:info",
                "user:list-projects",
                "user:list-scoped-projects",
            ],
            "response_types_supported": ["code", "token"],
            "grant_types_supported": ["authorization_code", "implicit"],
            "code_challenge_methods_supported": ["plain", "S256"],
        }

    @app.post("/_contract/next-user")
    def choose(body: dict[str, str]) -> dict[str, str]:
        contract.next_user = body["username"]
        return body

    @app.get("/oauth/authorize")
    def authorize(
        client_id: str,
        redirect_uri: str,
        response_type: str,
        state: str,
        code_challenge: str,
        code_challenge_method: str,
        scope: str = "",
    ) -> RedirectResponse:
        if client_id != contract.client_id or redirect_uri != contract.redirect_uri:
            raise HTTPException(400, "unauthorized_client")
        if response_type != "code" or code_challenge_method != "S256":
            raise HTTPException(400, "unsupported_response_type")
        code = secrets.token_urlsafe(24)
        contract.codes[code] = {
            "user": contract.next_user,
            "challenge": code_challenge,
            "redirect_uri": redirect_uri,
        }
        return RedirectResponse(f"{redirect_uri}?code={code}&state={state}", status_code=302)

    @app.post("/oauth/token")
    def token(
        grant_type: Annotated[str, Form()],
        code: Annotated[str, Form()],
        redirect_uri: Annotated[str, Form()],
        code_verifier: Annotated[str, Form()],
        authorization: Annotated[str, Header()] = "",
    ) -> dict[str, Any]:
        expected = base64.b64encode(f"{contract.client_id}:{contract.client_secret}".encode())
        if authorization != f"Basic {expected.decode()}":
            raise HTTPException(401, "invalid_client")
        grant = contract.codes.pop(code, None)  # a code works once
        digest = hashlib.sha256(code_verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if (
            grant is None
            or grant_type != "authorization_code"
            or grant["redirect_uri"] != redirect_uri
            or grant["challenge"] != challenge
        ):
            raise HTTPException(400, "invalid_grant")
        access = f"sha256~{secrets.token_urlsafe(32)}"
        contract.tokens[access] = grant["user"]
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 86400,
            "scope": "user:info user:check-access",
        }

    @app.get("/apis/user.openshift.io/v1/users/~")
    def me(authorization: Annotated[str, Header()] = "") -> dict[str, Any]:
        name = contract.tokens.get(authorization.removeprefix("Bearer "))
        if name is None:
            raise HTTPException(401, "Unauthorized")
        user = USERS[name]
        return {
            "kind": "User",
            "apiVersion": "user.openshift.io/v1",
            "metadata": {
                "name": name,
                "uid": hashlib.md5(name.encode()).hexdigest(),  # noqa: S324
                "resourceVersion": "4711",
            },
            "fullName": user["fullName"],
            "identities": [f"htpasswd:{name}"],
            "groups": user["groups"],
        }

    return app


@dataclass(frozen=True)
class OpenShift:
    url: str
    contract: Contract


class ContractServer:
    """Runs the contract in a thread of the test process, on 127.0.0.1:port."""

    def __init__(self, contract: Contract, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            app_for(contract, self.url), host="127.0.0.1", port=port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ContractServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the OpenShift contract server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
