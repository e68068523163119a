"""The built UI: hashed assets kept a year, index.html revalidated, app routes get index.html,
API paths and missing assets never do, nothing outside the build is ever served."""

from __future__ import annotations

from pathlib import Path

import pytest

from litemaas_gateway.site import IMMUTABLE, REVALIDATE, Site

pytestmark = pytest.mark.unit


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "dist" / "assets").mkdir(parents=True)
    (tmp_path / "dist" / "index.html").write_text("<!doctype html>")
    (tmp_path / "dist" / "assets" / "index-3f9a.js").write_text("js")
    (tmp_path / "dist" / "robots.txt").write_text("")
    (tmp_path / "secret.txt").write_text("no")
    (tmp_path / "dist" / "link.txt").symlink_to(tmp_path / "secret.txt")
    return Site(tmp_path / "dist")


def _answer(site: Site, path: str) -> tuple[str, str] | None:
    asset = site.resolve(path)
    return None if asset is None else (asset.file.name, asset.cache_control)


def test_hashed_assets_are_immutable_and_the_rest_revalidates(site: Site) -> None:
    assert _answer(site, "/assets/index-3f9a.js") == ("index-3f9a.js", IMMUTABLE)
    assert _answer(site, "/robots.txt") == ("robots.txt", REVALIDATE)
    assert _answer(site, "/") == ("index.html", REVALIDATE)


@pytest.mark.parametrize("path", ["/models", "/models/openai/gpt-4o", "/admin/users/u-1"])
def test_routes_of_the_app_get_index_html(site: Site, path: str) -> None:
    assert _answer(site, path) == ("index.html", REVALIDATE)


@pytest.mark.parametrize(
    "path", ["/api/v1/nowhere", "/api", "/health/ready", "/metrics", "/docs", "/assets/gone.js"]
)
def test_api_paths_and_missing_assets_are_not_the_app(site: Site, path: str) -> None:
    assert site.resolve(path) is None


@pytest.mark.parametrize("path", ["/../secret.txt", "/link.txt", "/assets/../../secret.txt"])
def test_nothing_outside_the_build_is_served(site: Site, path: str) -> None:
    answer = _answer(site, path)
    assert answer is None or answer[0] == "index.html"


def test_without_a_build_nothing_is_served(tmp_path: Path) -> None:
    site = Site(tmp_path / "absent")
    assert not site.built() and site.resolve("/") is None
