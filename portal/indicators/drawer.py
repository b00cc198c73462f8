"""Charts are built and drawn in a child process, not in the web worker.

vl-convert runs a JavaScript engine (V8) that costs ~120 MB and stays in a process for its life once
started, and Altair with what it imports another ~35 MB; in gunicorn's workers that was +160 MB each
after the first drawing. Drawings are rare
(the cache keeps each one per data version), so each process that draws starts one child
(draw_child.py) on its first drawing, sends it drawings one at a time over a pipe, and stops it when
it has been idle for PORTAL_CHART_DRAWER_IDLE_SECONDS: the memory goes back to the system.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .charts import Chart
from .draw_child import read_frame, write_frame

log = logging.getLogger(__name__)

CHILD = Path(__file__).with_name("draw_child.py")
DRAW_TIMEOUT = 120.0  # seconds one drawing may take before the child is killed (a few tenths are usual)


class DrawingError(RuntimeError):
    """vl-convert refused the spec, or the drawing process died or hung."""


class Drawer:
    """One drawing child per process, started on demand and stopped when idle."""

    def __init__(self, idle_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._owner = 0  # the pid that started the child: a forked worker starts its own
        self._last_used = 0.0
        self._reaper: threading.Thread | None = None

    def draw(self, fmt: str, chart: Chart, locale: dict, scale: int = 1) -> bytes:
        """SVG text (UTF-8) or PNG bytes of a chart (built into a Vega-Lite spec by the child)."""
        request = json.dumps({"format": fmt, "chart": chart._asdict(), "locale": locale, "scale": scale}).encode("utf-8")
        with self._lock:
            answer = self._exchange(request)
            if answer is None:  # the child died (killed, out of memory): one fresh start
                self._stop()
                answer = self._exchange(request)
            if answer is None:
                self._stop()
                raise DrawingError("the drawing process stopped without an answer")
            self._last_used = self._clock()
        if answer[:1] != b"+":
            raise DrawingError(answer[1:].decode("utf-8", "replace"))
        return answer[1:]

    def pid(self) -> int | None:
        """The running child's process id (for benchmarks and tests)."""
        proc = self._proc
        return proc.pid if proc is not None and self._owner == os.getpid() and proc.poll() is None else None

    def close_if_idle(self) -> bool:
        """Stop the child when it has not drawn for idle_seconds; True if it was stopped."""
        with self._lock:
            if self._proc is None or self._clock() - self._last_used < self.idle_seconds:
                return False
            self._stop()
            return True

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _exchange(self, request: bytes) -> bytes | None:
        proc = self._running()
        watchdog = threading.Timer(DRAW_TIMEOUT, proc.kill)
        watchdog.start()
        try:
            write_frame(proc.stdin, request)
            return read_frame(proc.stdout)
        except (OSError, ValueError):
            return None
        finally:
            watchdog.cancel()

    def _running(self) -> subprocess.Popen:
        if self._owner != os.getpid():
            self._proc = None  # inherited through fork: the parent's child, not ours to use or stop
        if self._proc is not None and self._proc.poll() is not None:
            self._stop()  # died since the last drawing
        if self._proc is None:
            self._proc = subprocess.Popen([sys.executable, "-I", str(CHILD)], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, close_fds=True)
            self._owner = os.getpid()
            self._last_used = self._clock()
            self._start_reaper()
        return self._proc

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or self._owner != os.getpid():
            return
        try:
            proc.stdin.close()  # the child's loop ends at end of input
            proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            proc.stdout.close()

    def _start_reaper(self) -> None:
        if self._reaper is not None and self._reaper.is_alive():
            return
        self._reaper = threading.Thread(target=self._reap, name="chart-drawer-reaper", daemon=True)
        self._reaper.start()

    def _reap(self) -> None:
        """Look now and then whether the child has been idle long enough; end with it."""
        step = min(max(self.idle_seconds / 4, 0.5), 15.0)
        while self._proc is not None:
            time.sleep(step)
            self.close_if_idle()


drawer = Drawer()


def configure(config) -> None:
    drawer.idle_seconds = float(config.get("PORTAL_CHART_DRAWER_IDLE_SECONDS", 60.0))
