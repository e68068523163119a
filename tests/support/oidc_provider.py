"""A real OpenID Connect provider for the tests: zitadel/oidc's example OpenID Provider.

zitadel/oidc is an OpenID-certified Go implementation; its example provider serves discovery,
JWKS, the authorization endpoint with a username/password login page, the token endpoint
(client_secret_basic, PKCE) and userinfo. It is built once from the Go module proxy into the
test state dir, and runs as its own process during the test session.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

MODULE = "github.com/zitadel/oidc/v3/example/server@v3.51.17"
CLIENT_ID, CLIENT_SECRET = "web", "secret"  # the example provider's confidential client
SESSION_USER = f"journey-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    redirect_uri: str
    #: a user that exists only in this run of the provider (a fresh LiteMaaS user each session)
    session_user: str
    client_id: str = CLIENT_ID


def _user(name: str) -> dict[str, object]:
    return {
        "ID": name,
        "Username": name,
        "Password": f"{name}-password-1",
        "FirstName": name.capitalize(),
        "LastName": "Oidc",
        "Email": f"{name}@oidc.example",
        "EmailVerified": True,
        "PreferredLanguage": "en",
        "IsAdmin": False,
    }


def build(tools: Path) -> Path:
    binary = tools / "bin" / "server"
    if binary.exists():
        return binary
    if not shutil.which("go"):
        raise RuntimeError("the OIDC provider for the tests is built with Go: install Go 1.23+")
    env = {**os.environ, "GOBIN": str(binary.parent), "GOFLAGS": "-buildvcs=false"}
    subprocess.run(["go", "install", MODULE], check=True, env=env, capture_output=True, timeout=600)
    return binary


class RunningProvider:
    def __init__(self, state_dir: Path, port: int, redirect_uri: str) -> None:
        self.state_dir, self.port, self.redirect_uri = state_dir, port, redirect_uri
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OidcProvider:
        binary = build(self.state_dir / "tools")
        users = self.state_dir / "oidc-users.json"
        users.write_text(json.dumps({n: _user(n) for n in ("alice", "bob", SESSION_USER)}))
        log = (self.state_dir / "logs").joinpath("oidc-provider.log")
        log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PORT": str(self.port),
            "USERS_FILE": str(users),
            "REDIRECT_URI": self.redirect_uri,
        }
        self.process = subprocess.Popen(
            [str(binary)], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )
        issuer = f"http://localhost:{self.port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"the OIDC provider did not start; see {log}") from None
                time.sleep(0.2)
        return OidcProvider(issuer, self.redirect_uri, SESSION_USER)

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
