"""How a process stops on SIGTERM: through its clean-up, as on Ctrl-C, so that no partial
file or folder is left behind. Standard library only: every command installs it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def end_on_sigterm(number: int, frame: object) -> None:
    """SIGTERM as Ctrl-C: the process ends through its clean-up (`finally`), not on the spot."""
    raise SystemExit(128 + number)


@contextmanager
def clean_on_sigterm() -> Iterator[None]:
    """While a partial file or folder exists: SIGTERM ends the process through the clean-up
    (as Ctrl-C does) instead of on the spot — in library use too (`ogidata.load`). Only from the
    main thread, and only where the program has no SIGTERM handler of its own."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, end_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
