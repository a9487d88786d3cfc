"""Timing: run a piece of work several times; report the median and the 95th percentile."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One line of the table: a measurement beside its reference and its target."""

    what: str
    size: str
    samples: list[float]  # seconds
    reference: list[float] | None = None
    target: str = ""
    limit: float | None = None  # the 95th percentile must stay under this
    ratio_limit: float | None = None  # or the median over the reference's, under this
    unit: str = "s"  # of the samples: seconds, "MB", or bytes ("B", "B/s")

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def met(self) -> bool | None:
        if self.limit is not None:
            return self.p95 < self.limit
        ratio = self.ratio
        return None if ratio is None or self.ratio_limit is None else ratio < self.ratio_limit

    @property
    def ratio(self) -> float | None:
        if not self.reference:
            return None
        return self.median / statistics.median(self.reference)


def percentile(samples: list[float], rank: float) -> float:
    """The nearest-rank percentile: the smallest sample at or above `rank` percent."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


def timed(work: Callable[[], object], repeat: int) -> list[float]:
    """Seconds each of `repeat` runs of `work` took."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples
