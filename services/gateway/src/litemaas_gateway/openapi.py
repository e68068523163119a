"""One OpenAPI document for the whole ``/api/v1``: each service's own, merged.

Paths are disjoint by prefix (``routes.ROUTES``); a service's paths outside what the gateway
routes to it (``/health``, ``/internal``) are not reachable through the gateway and stay out.
Schemas of the same name are one when they are equal; when two services mean different things
by one name, each keeps its own under ``<service>.<name>`` and its references follow.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from litemaas_gateway.routes import service_for

Spec = dict[str, Any]
REF = "#/components/schemas/"


def _renamed(node: Any, renames: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _renamed(v, renames) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF) and ref[len(REF) :] in renames:
            out["$ref"] = REF + renames[ref[len(REF) :]]
        return out
    if isinstance(node, list):
        return [_renamed(v, renames) for v in node]
    return node


def merge(specs: Mapping[str, Spec], *, title: str = "LiteMaaS API") -> Spec:
    """``specs``: service name → its OpenAPI document (``gateway`` for the gateway's own)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    security: dict[str, Any] = {}
    tags: dict[str, Any] = {}
    for service, spec in specs.items():
        components = spec.get("components", {})
        own = components.get("schemas", {})
        renames = {
            name: f"{service}.{name}"
            for name, schema in own.items()
            if name in schemas and schemas[name] != schema
        }
        spec = _renamed(spec, renames)
        for name, schema in spec.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        security |= spec.get("components", {}).get("securitySchemes", {})
        for path, item in spec.get("paths", {}).items():
            if service_for(path) == service or (service == "gateway" and path.startswith("/api/")):
                paths[path] = item
        for tag in spec.get("tags", []):
            tags.setdefault(tag["name"], tag)
    document: Spec = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "v1"},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": dict(sorted(schemas.items()))},
    }
    if security:
        document["components"]["securitySchemes"] = security
    if tags:
        document["tags"] = list(tags.values())
    return document


class CombinedOpenApi:
    """Fetches every service's document at most once per ``ttl`` seconds; a service that does
    not answer is left out of that document (and named in ``x-unavailable``) until it does."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        upstreams: Mapping[str, Sequence[str]],
        own: Spec,
        ttl: float = 30,
    ) -> None:
        self.client = client
        self.upstreams = dict(upstreams)
        self.own = own
        self.ttl = ttl
        self._body: bytes | None = None
        self._at = 0.0
        self._lock = asyncio.Lock()

    async def _one(self, urls: Sequence[str]) -> Spec | None:
        """The document of the first instance that gives it (instances run the same code)."""
        for url in urls:
            try:
                response = await self.client.get(f"{url}/openapi.json", timeout=5)
            except httpx.TransportError:
                continue
            if response.status_code == 200:
                spec: Spec = response.json()
                return spec
        return None

    async def document(self) -> bytes:
        async with self._lock:
            if self._body is None or time.monotonic() - self._at > self.ttl:
                names = list(self.upstreams)
                found = await asyncio.gather(*(self._one(self.upstreams[n]) for n in names))
                specs = {"gateway": self.own} | {
                    n: s for n, s in zip(names, found, strict=True) if s is not None
                }
                merged = merge(specs)
                missing = [n for n, s in zip(names, found, strict=True) if s is None]
                if missing:
                    merged["x-unavailable"] = missing
                self._body = json.dumps(merged).encode()
                # an incomplete document is kept only briefly: the missing service may be starting
                self._at = time.monotonic() - (self.ttl - 2 if missing else 0)
            return self._body
