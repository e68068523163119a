"""up, down, start, stop, kill: each takes the stack's lock while it changes anything."""

from __future__ import annotations

import os
import time

from . import component, prereqs, procs, registry
from .component import SIGNALS, Component, Interrupted, StartFailed
from .kafka import Kafka
from .litellm import LiteLLM
from .report import Report, shown
from .state import LauncherError, Stack

EXIT_INTERRUPTED = 130


def scale_in_use(stack: Stack) -> int:
    """The stack's scale, or more while instances of an earlier, larger `up` still run."""
    found = (registry.by_name(name) for name in stack.running_components())
    return max([stack.scale, *(comp.instance for comp in found if comp is not None)])


def check_prerequisites(stack: Stack) -> None:
    installed = LiteLLM.installed(stack)
    prereqs.ensure(
        stack.log_path("prereqs"),
        need_maven=not Kafka.libs_ready(stack),
        need_npm=not installed,
        need_venv=not installed,
    )


def bring_up(comp: Component, stack: Stack, report: Report) -> bool:
    """Make `comp` run and be healthy. True if this call started it. Raises StartFailed."""
    began = time.monotonic()
    offset = component.log_size(stack.log_path(comp.name))
    try:
        return _bring_up(comp, stack, report, began)
    except StartFailed as exc:
        exc.log_offset = offset
        raise


def _bring_up(comp: Component, stack: Stack, report: Report, began: float) -> bool:
    if comp.oneshot:
        tag, detail = comp.run_once(stack)
        stack.save_settings(**{f"{comp.name}_last_run": f"{tag} {time.strftime('%F %T')}"})
        report.line(tag, comp, detail)
        return False
    record = stack.record(comp.name)
    if record is not None and record.alive():
        reason = component.wait_ready(comp, stack, record, timeout=3.0)
        if reason is None:
            comp.after_ready(stack)
            report.line("up", comp, f"already running (pid {record.pid})")
            return False
        report.note(
            f"{comp.name} (pid {record.pid}) runs but is not healthy ({reason}); restarting"
        )
        component.stop(comp, stack)
    component.start(comp, stack)
    report.ready(comp, time.monotonic() - began)
    return True


def teardown(
    stack: Stack, report: Report, comps: list[Component] | None = None, since: float = 0.0
) -> bool:
    """Stop components (all by default; only those started after `since`, a wall-clock time)
    in reverse start order. True when every one stopped in time."""
    SIGNALS.only_note()  # a second Ctrl-C must not cut a clean stop short
    all_clean = True
    everything = registry.components(scale=scale_in_use(stack))
    for comp in reversed(comps if comps is not None else everything):
        record = stack.record(comp.name)
        if comp.oneshot or record is None or record.started_at < since:
            continue
        began = time.monotonic()
        clean = component.stop(comp, stack)
        if clean is not None:
            report.stopped(comp, clean, time.monotonic() - began)
            all_clean = all_clean and clean
    return all_clean


def up(stack: Stack, scope: str, foreground: bool) -> int:
    report = Report(stack)
    SIGNALS.install()
    comps = registry.components(scope, stack.scale)
    started: list[Component] = []  # by this command, the one being started last
    began, since = time.monotonic(), time.time()

    def rollback() -> None:  # a foreground launcher owns the whole stack; otherwise its part
        if foreground:
            teardown(stack, report)
        else:
            teardown(stack, report, started, since)

    try:
        with stack.locked():
            check_prerequisites(stack)
            stack.down_marker.unlink(missing_ok=True)
            stack.save_settings(scope=scope)
            for comp in comps:
                started.append(comp)
                try:
                    if not bring_up(comp, stack, report):
                        started.pop()  # it was running already, or is a one-shot
                except StartFailed as exc:
                    report.failed(comp, exc)
                    report.note("stopping what this command started ...")
                    rollback()
                    report.error(f"{comp.name} failed: {exc.reason}")
                    return 1
            endpoints = stack.write_endpoints()
    except Interrupted:
        report.note("interrupted; stopping what this command started ...")
        with stack.locked():
            rollback()
        return EXIT_INTERRUPTED
    took = time.monotonic() - began
    report.note(f"endpoints: {shown(endpoints)} (mode 0600: it holds the LiteLLM master key)")
    if scope == "infra":
        print(f"LiteMaaS infrastructure is up in {took:.1f}s (services not started)", flush=True)
    else:
        gateway = stack.endpoints()["GATEWAY_URL"]
        print(f"LiteMaaS is up: open {gateway}  ({took:.1f}s)", flush=True)
    return run_in_foreground(stack, report) if foreground else 0


def run_in_foreground(stack: Stack, report: Report) -> int:
    """Stay until Ctrl-C/SIGTERM (then stop everything) or until `down` from another shell."""
    SIGNALS.only_note()
    me = procs.proc_stat(os.getpid())
    marker = stack.dir / "foreground.json"
    starttime = me.starttime if me is not None else -1
    procs.Record("foreground", os.getpid(), starttime, procs.boot_id(), [], time.time()).save(
        marker
    )
    print("running in the foreground: Ctrl-C stops the stack", flush=True)
    try:
        while True:
            procs.reap()
            if SIGNALS.received is not None:
                report.note("stopping the stack ...")
                with stack.locked():
                    clean = teardown(stack, report)
                print("stack stopped", flush=True)
                return 0 if clean else 1
            if stack.down_marker.exists():
                report.note("`down` was requested from elsewhere; waiting for the stack to stop")
                if not procs.wait_for(lambda: not stack.running_components(), 60.0, 0.2):
                    with stack.locked():
                        teardown(stack, report)
                print("stack stopped", flush=True)
                return 0
            time.sleep(0.5)
    finally:
        marker.unlink(missing_ok=True)


def down(stack: Stack) -> int:
    report = Report(stack)
    front = procs.Record.load(stack.dir / "foreground.json")
    front_alive = front is not None and front.alive()
    if not stack.dir.is_dir() or (not stack.running_components() and not front_alive):
        print(f"no stack is running in {shown(stack.dir)}; nothing to stop", flush=True)
        return 0
    stack.down_marker.touch()  # a foreground launcher watches for this, and exits
    with stack.locked():
        stack.down_marker.touch()
        clean = teardown(stack, report)
    if front is not None and front_alive:
        procs.wait_for(lambda: not front.alive(), 15.0)
    print("stack stopped" + ("" if clean else " (some components had to be killed)"), flush=True)
    return 0


def _lookup(name: str) -> Component:
    comp = registry.by_name(name)
    if comp is None:
        raise LauncherError(f"unknown component {name!r}; one of: {', '.join(registry.names())}")
    return comp


def start_one(stack: Stack, name: str) -> int:
    comp, report = _lookup(name), Report(stack)
    since = time.time()
    SIGNALS.install()
    try:
        with stack.locked():
            check_prerequisites(stack)
            for dep in comp.needs:
                dep_record = stack.record(dep)
                if dep_record is None or not dep_record.alive():
                    report.note(f"warning: {name} needs {dep}, which is not running")
            try:
                started = bring_up(comp, stack, report)
            except StartFailed as exc:
                report.failed(comp, exc)
                teardown(stack, report, [comp], since)
                report.error(f"{name} failed: {exc.reason}")
                return 1
            if started or comp.oneshot:
                stack.write_endpoints()
    except Interrupted:
        with stack.locked():
            teardown(stack, report, [comp], since)
        return EXIT_INTERRUPTED
    return 0


def stop_one(stack: Stack, name: str, *, hard: bool) -> int:
    comp, report = _lookup(name), Report(stack)
    if not stack.dir.is_dir():
        print(f"no stack in {shown(stack.dir)}; nothing to stop", flush=True)
        return 0
    if comp.oneshot:
        print(f"{name} is a one-shot step of `up`; there is nothing to stop", flush=True)
        return 0
    with stack.locked():
        began = time.monotonic()
        clean = component.stop(comp, stack, hard=hard)
    if clean is None:
        report.line("--", comp, "was not running")
    elif hard:
        report.line("kill", comp, "killed (SIGKILL)")
    else:
        report.stopped(comp, clean, time.monotonic() - began)
    return 0
