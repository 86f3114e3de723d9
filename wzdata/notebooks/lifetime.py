"""Worker and kernel processes die with the process that started them.

A report worker asks the system to send it ``SIGTERM`` when its parent dies
(``prctl(PR_SET_PDEATHSIG)`` on Linux) and, everywhere, watches its parent's
pid from a thread; on ``SIGTERM`` it kills its own children (the notebook
kernels), unwinds (so temporary folders are removed) and is forced out a few
seconds later if the unwinding hangs. :func:`terminate_children` is what the
parent uses on its way out.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

__all__ = [
    "children",
    "die_with_parent",
    "exit_on_termination",
    "kill_children",
]

#: Seconds a terminated worker has to unwind before it is forced out.
GRACE = 5.0
#: Seconds between two looks at the parent's pid (where prctl is not available).
POLL = 0.5
_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` when the parent dies; False where not possible."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children(pid: int | None = None) -> list[int]:
    """Pids of the live child processes of ``pid`` (this process by default; Linux only)."""
    pid = os.getpid() if pid is None else pid
    out = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid and fields[0] != b"Z":
            out.append(int(entry))
    return out


def kill_children(signum: int = signal.SIGKILL) -> None:
    """Send ``signum`` to every child of this process (the kernels of a worker)."""
    for child in children():
        with contextlib.suppress(OSError):
            os.kill(child, signum)


_TERMINATING: list[bool] = []


def _on_termination(signum: int, _frame: FrameType | None) -> None:
    if _TERMINATING:  # a second notice (the watch and the system both tell): unwinding already
        return
    _TERMINATING.append(True)
    kill_children()
    timer = threading.Timer(GRACE, os._exit, args=(128 + signum,))
    timer.daemon = True
    timer.start()
    raise SystemExit(128 + signum)


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid``, its parent, ends, whatever ends it.

    ``SIGTERM`` then kills this process's children, raises ``SystemExit`` (so
    ``finally`` blocks and temporary folders are cleaned up) and forces the exit
    after :data:`GRACE` seconds. Call it first thing in a worker process.
    """
    signal.signal(signal.SIGTERM, _on_termination)
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)

    def watch() -> None:
        while os.getppid() == parent_pid:
            threading.Event().wait(POLL)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="wzdata-parent-watch", daemon=True).start()


@contextlib.contextmanager
def exit_on_termination(cleanup: Callable[[], None] | None = None) -> Iterator[None]:
    """Within the block, ``SIGTERM`` and ``SIGHUP`` raise ``SystemExit`` (status 128 + signal).

    So a terminated command unwinds: its workers are stopped and its temporary
    files removed. ``cleanup`` runs first when such a signal arrives.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        if cleanup is not None:
            cleanup()
        raise SystemExit(128 + signum)

    signums = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {s: signal.signal(s, handler) for s in signums}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
