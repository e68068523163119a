"""A real OpenID Connect provider for the tests: zitadel/oidc's example OpenID Provider.

zitadel/oidc is an OpenID-certified Go implementation; its example provider serves discovery,
JWKS, the authorization endpoint with a username/password login page, the token endpoint
(client_secret_basic, PKCE S256) and userinfo. The example has no groups, so a small Go main
(below) wraps its storage to add each user's ``groups`` to userinfo, registers the client the
test stack's auth service was configured with, and listens on the issuer's host only. It is
built once from the Go module proxy into the test state dir (``tools/``), and runs as its own
process during the test session. Dex was the first choice, but this machine's module proxy
does not serve its releases.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.clients import TOKENS_SEEN
from tests.support.stack import read_env_file

ZITADEL_OIDC = "v3.51.17"
GO_MOD = f"""module litemaas.test/oidcprovider

go 1.26

require github.com/zitadel/oidc/v3 {ZITADEL_OIDC}
"""
GO_MAIN = """package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
)

type withGroups struct {
	*storage.Storage
	groups map[string][]string // by user ID
}

func (s withGroups) SetUserinfoFromToken(
	ctx context.Context, info *oidc.UserInfo, tokenID, subject, origin string,
) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, info, tokenID, subject, origin); err != nil {
		return err
	}
	if groups := s.groups[info.Subject]; len(groups) > 0 {
		info.AppendClaims("groups", groups)
	}
	return nil
}

func fail(logger *slog.Logger, what string, err error) {
	logger.Error(what, "error", err)
	os.Exit(1)
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	issuer, usersFile := os.Getenv("ISSUER"), os.Getenv("USERS_FILE")
	address, err := url.Parse(issuer)
	if err != nil {
		fail(logger, "ISSUER is not a URL", err)
	}
	data, err := os.ReadFile(usersFile)
	if err != nil {
		fail(logger, "cannot read USERS_FILE", err)
	}
	var users map[string]struct {
		ID     string
		Groups []string
	}
	if err := json.Unmarshal(data, &users); err != nil {
		fail(logger, "cannot parse USERS_FILE", err)
	}
	groups := map[string][]string{}
	for _, user := range users {
		groups[user.ID] = user.Groups
	}
	store, err := storage.StoreFromFile(usersFile)
	if err != nil {
		fail(logger, "cannot load USERS_FILE", err)
	}
	redirects := strings.Split(os.Getenv("REDIRECT_URI"), ",")
	client := storage.WebClient(os.Getenv("CLIENT_ID"), os.Getenv("CLIENT_SECRET"), redirects...)
	storage.RegisterClients(client)
	provider := withGroups{storage.NewStorage(store), groups}
	router := exampleop.SetupServer(issuer, provider, logger, false)
	logger.Info("OpenID Provider listening", "issuer", issuer)
	server := &http.Server{Addr: address.Host, Handler: router}
	if err := server.ListenAndServe(); err != http.ErrServerClosed {
		fail(logger, "server stopped", err)
	}
}
"""
#: users that exist only in this run of the provider (fresh LiteMaaS users each session)
TAG = secrets.token_hex(4)
SESSION_USER, SESSION_ADMIN, SESSION_AUDITOR = f"journey-{TAG}", f"boss-{TAG}", f"audit-{TAG}"
#: a provider account whose chosen username is the stack's initial admin's ("admin")
IMPOSTOR_ID, IMPOSTOR_USERNAME = f"impostor-{TAG}", "admin"


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    redirect_uri: str
    #: a user that exists only in this run of the provider (a fresh LiteMaaS user each session)
    session_user: str
    client_id: str = "web"
    #: users in the groups the auth service maps to admin / admin-readonly ("" when unmapped)
    session_admin: str = ""
    session_auditor: str = ""


def password_of(username: str) -> str:
    return f"{username}-password-1"


def _user(name: str, groups: list[str], username: str = "") -> dict[str, object]:
    return {
        "ID": name,
        "Username": username or name,
        "Password": password_of(username or name),
        "FirstName": name.capitalize(),
        "LastName": "Oidc",
        "Email": f"{name}@oidc.example",
        "EmailVerified": True,
        "PreferredLanguage": "en",
        "Groups": groups,
    }


def _say(message: str) -> None:
    print(f"[oidc-provider] {message}", file=sys.__stderr__, flush=True)


def build(tools: Path) -> Path:
    """The provider's binary, built once per source version (cached in ``tools/bin``)."""
    tag = hashlib.sha256((GO_MOD + GO_MAIN).encode()).hexdigest()[:12]
    binary = tools / "bin" / f"oidc-provider-{tag}"
    if binary.exists():
        return binary
    go = shutil.which("go")
    if go is None:
        raise RuntimeError("the OIDC provider for the tests is built with Go: install Go 1.26+")
    source = tools / "src" / f"oidc-provider-{tag}"
    source.mkdir(parents=True, exist_ok=True)
    (source / "go.mod").write_text(GO_MOD)
    (source / "main.go").write_text(GO_MAIN)
    _say(f"building zitadel/oidc {ZITADEL_OIDC}'s OpenID Provider (first time: a few minutes)")
    started, partial = time.monotonic(), binary.with_name(binary.name + ".partial")
    built = subprocess.run(
        [go, "build", "-o", str(partial), "."],
        cwd=source,
        env={**os.environ, "GOFLAGS": "-mod=mod -buildvcs=false"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if built.returncode != 0:
        raise RuntimeError(f"building the OIDC provider failed:\n{built.stderr[-3000:]}")
    partial.rename(binary)
    _say(f"built {binary} in {time.monotonic() - started:.0f}s")
    return binary


class RunningProvider:
    """The provider process, configured as ``identity-providers.env`` in the state dir says."""

    def __init__(self, state_dir: Path, port: int, redirect_uri: str) -> None:
        self.state_dir, self.port, self.redirect_uri = state_dir, port, redirect_uri
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OidcProvider:
        settings_file = self.state_dir / "identity-providers.env"
        settings = read_env_file(settings_file) if settings_file.exists() else {}
        issuer = settings.get("AUTH_OIDC_ISSUER", f"http://127.0.0.1:{self.port}").rstrip("/") + "/"
        client_id = settings.get("AUTH_OIDC_CLIENT_ID", "web")
        admin_groups = settings.get("AUTH_ADMIN_GROUPS", "").split(",")[:1]
        readonly_groups = settings.get("AUTH_ADMIN_READONLY_GROUPS", "").split(",")[:1]
        binary = build(self.state_dir / "tools")
        groups = {"alice": ["staff"], "bob": [], SESSION_USER: []}
        groups |= {SESSION_ADMIN: admin_groups, SESSION_AUDITOR: readonly_groups}
        users = self.state_dir / "oidc-users.json"
        accounts = {name: _user(name, g) for name, g in groups.items()}
        accounts[IMPOSTOR_ID] = _user(IMPOSTOR_ID, [], IMPOSTOR_USERNAME)
        users.write_text(json.dumps(accounts))
        log = self.state_dir / "logs" / "oidc-provider.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        secret = settings.get("AUTH_OIDC_CLIENT_SECRET", "secret")
        if len(secret) >= 16:  # the final scan of every log looks for it
            TOKENS_SEEN.append(secret)
        env = {
            **os.environ,
            "ISSUER": issuer,
            "USERS_FILE": str(users),
            "REDIRECT_URI": self.redirect_uri,
            "CLIENT_ID": client_id,
            "CLIENT_SECRET": secret,
        }
        with log.open("ab") as out:
            self.process = subprocess.Popen([binary], env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:  # e.g. the port is taken by a stale provider
                raise RuntimeError(f"the OIDC provider exited; see {log}")
            try:
                with urllib.request.urlopen(f"{issuer}.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"the OIDC provider did not start; see {log}") from None
                time.sleep(0.2)
        return OidcProvider(
            issuer,
            self.redirect_uri,
            SESSION_USER,
            client_id,
            session_admin=SESSION_ADMIN if any(admin_groups) else "",
            session_auditor=SESSION_AUDITOR if any(readonly_groups) else "",
        )

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
