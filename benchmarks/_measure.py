"""Wall time and peak resident memory of a block of code.

``measure()`` starts a daemon thread that reads the process RSS
(``psutil.Process().memory_info().rss``) every ``interval`` seconds (50 ms by default)
and keeps the maximum. After the block the yielded object holds:

- ``seconds``: wall time of the block (``time.perf_counter``);
- ``peak_rss_mb``: peak RSS during the block minus RSS at entry, in MiB (the memory the
  block added; 0 if it never grew above the entry level);
- ``start_rss_mb`` / ``peak_abs_rss_mb``: RSS at entry and the absolute peak, in MiB.

RSS covers everything the process holds, including DuckDB's native buffers (which
``tracemalloc`` cannot see). Spikes shorter than the interval can be missed, so the peak
is a lower bound; the sampler also reads once at entry and once at exit.

>>> with measure() as m:
...     blob = bytearray(64 * 1024 * 1024)
>>> m.seconds > 0 and m.peak_abs_rss_mb >= m.start_rss_mb
True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psutil

__all__ = ["Measurement", "measure"]

_MB = 1024 * 1024


@dataclass
class Measurement:
    """Result of :func:`measure` (filled in when the block exits)."""

    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    start_rss_mb: float = 0.0
    peak_abs_rss_mb: float = 0.0
    samples: int = 0
    _peak: int = field(default=0, repr=False)

    def as_dict(self) -> dict[str, float]:
        return {
            "seconds": round(self.seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "start_rss_mb": round(self.start_rss_mb, 1),
            "peak_abs_rss_mb": round(self.peak_abs_rss_mb, 1),
        }


@contextmanager
def measure(interval: float = 0.05) -> Iterator[Measurement]:
    """Measure wall time and peak RSS growth of the ``with`` block."""
    proc = psutil.Process()
    m = Measurement()
    start_rss = proc.memory_info().rss
    m._peak = start_rss
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss = proc.memory_info().rss
            if rss > m._peak:
                m._peak = rss
            m.samples += 1
            stop.wait(interval)

    thread = threading.Thread(target=sample, name="rss-sampler", daemon=True)
    t0 = time.perf_counter()
    thread.start()
    try:
        yield m
    finally:
        m.seconds = time.perf_counter() - t0
        stop.set()
        thread.join()
        m._peak = max(m._peak, proc.memory_info().rss)
        m.start_rss_mb = start_rss / _MB
        m.peak_abs_rss_mb = m._peak / _MB
        m.peak_rss_mb = max(0.0, (m._peak - start_rss) / _MB)
