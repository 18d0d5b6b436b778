"""Progress on long work: a bar with rate and time left on a terminal, plain log lines
(every tenth of the way) when the output is a file or a pipe."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from tqdm import tqdm


class Progress:
    """Counts items done out of ``total``: a tqdm bar on a terminal, else a log line every
    tenth of the way (from 100 items up), so a log file stays short."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done = total, what, 0
        self.started = time.monotonic()
        self.bar = tqdm(total=total, desc=what, unit="report", file=sys.stderr) if sys.stderr.isatty() else None
        self.next_log = max(total // 10, 1)

    def update(self, n: int = 1) -> None:
        """Count ``n`` more items done: the bar moves, or a line with the rate is logged once
        the next tenth is reached."""
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.total >= 100 and self.done >= self.next_log:
            rate = self.done / max(time.monotonic() - self.started, 1e-9)
            print(f"{self.what}: {self.done}/{self.total} ({rate:.0f}/s)", file=sys.stderr, flush=True)
            self.next_log += max(self.total // 10, 1)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.close()
