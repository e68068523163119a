"""Which file of the built UI answers a path, and how long a browser may keep it.

Vite names what it builds under ``/assets/`` after its content (``index-3f9a1c.js``): such a
file never changes, so a browser keeps it a year without asking. ``index.html`` names the
current assets, so a browser asks again every time (``no-cache``: it revalidates, with the
ETag, and gets a 304 when nothing changed). Any other path that is not a file is a route of the
single-page app: it gets ``index.html`` and the app's router decides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: paths the gateway answers itself, never the UI's (a typo there is a 404, not the app)
RESERVED = ("/api/", "/health/", "/metrics", "/docs", "/redoc", "/openapi.json")


@dataclass(frozen=True)
class Asset:
    file: Path
    cache_control: str

    def stat(self) -> os.stat_result:
        return self.file.stat()


class Site:
    """A built UI in ``root`` (``index.html`` and ``assets/``); absent until someone builds it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    @property
    def index(self) -> Path:
        return self.root / "index.html"

    def built(self) -> bool:
        return self.index.is_file()

    def resolve(self, path: str) -> Asset | None:
        """The file answering ``path`` (already percent-decoded), or None for a 404."""
        if path == "/api" or path.startswith(RESERVED) or not self.built():
            return None
        relative = path.lstrip("/")
        if relative and "\x00" not in relative:
            candidate = (self.root / relative).resolve()
            # never outside the build (``/../../etc/passwd``, a symlink pointing away)
            if candidate.is_relative_to(self.root) and candidate.is_file():
                hashed = candidate.is_relative_to(self.root / "assets")
                return Asset(candidate, IMMUTABLE if hashed else REVALIDATE)
        if path.startswith("/assets/"):
            return None  # a missing script must not come back as HTML
        return Asset(self.index, REVALIDATE)
