"""A one-line progress bar on stderr: `with Progress("projects", total) as bar: bar.advance(n)`."""

import sys
import time


class Progress:
    def __init__(self, label: str, total: int, *, stream=None, width: int = 30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self._last_draw = 0.0

    def __enter__(self):
        self._draw(force=True)
        return self

    def __exit__(self, *exc):
        self._draw(force=True)
        self.stream.write("\n")
        self.stream.flush()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._last_draw < 0.2:
            return
        self._last_draw = now
        filled = int(self.width * self.done / self.total)
        elapsed = now - self.started
        self.stream.write(
            f"\r  {self.label:<16} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done:>9,}/{self.total:,} {elapsed:6.1f} s"
        )
        self.stream.flush()
