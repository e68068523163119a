"""One readable line per component."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .component import Component, StartFailed, tail
from .state import Stack


def shown(path: Path) -> str:
    """A path relative to the working directory when it is below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


class Report:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def line(self, tag: str, comp: Component, detail: str) -> None:
        port = comp.port(self.stack)
        address = f"127.0.0.1:{port}" if port else "-"
        print(f"[{tag:^4}] {comp.name:<11} {address:<16} {detail}", flush=True)

    def ready(self, comp: Component, seconds: float) -> None:
        log = shown(self.stack.log_path(comp.name))
        self.line("ok", comp, f"ready in {seconds:.1f}s  log {log}")

    def failed(self, comp: Component, error: StartFailed) -> None:
        log = self.stack.log_path(comp.name)
        self.line("FAIL", comp, f"{error.reason}  log {shown(log)}")
        for text in tail(log, 20, since=error.log_offset):
            print(f"       | {text}", flush=True)

    def stopped(self, comp: Component, clean: bool, seconds: float) -> None:
        if clean:
            self.line("stop", comp, f"stopped in {seconds:.1f}s")
        else:
            self.line("kill", comp, f"did not stop in time; killed after {seconds:.1f}s")

    @staticmethod
    def note(text: str) -> None:
        print(f"       {text}", flush=True)

    @staticmethod
    def error(text: str) -> None:
        print(f"stack.py: {text}", file=sys.stderr, flush=True)
