"""Pacing simulation on a fake clock (seconds to run, no HTTP): why ten independent terminals
cannot get both <= 5% 429s and >= 90% of the ceiling from a 3-token bucket.

    .venv/bin/python bench/sim_pacing.py

1. Random (Poisson) arrivals into the stand-in's bucket (3 tokens, 3/s): share refused by load.
2. N sequential terminals, each with the product's `Pacer` (AIMD), against that bucket; and the
   same with fixed 3/s pacing (no AIMD), which reproduces the harness's old 62.7% within a few
   points. Figures: share of 429s, accepted rate over the whole run and while all N are busy.
"""

from __future__ import annotations

import heapq
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pdv_bling.bling.pacer import Pacer  # noqa: E402


class Bucket:
    def __init__(self, rate: float = 3.0) -> None:
        self.rate, self.tokens, self.last = rate, rate, 0.0

    def take(self, t: float) -> bool:
        self.tokens = min(self.rate, self.tokens + max(0.0, t - self.last) * self.rate)
        self.last = max(self.last, t)
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def poisson(load: float, n: int = 200_000, seed: int = 1) -> float:
    rng, bucket, t, refused = random.Random(seed), Bucket(), 0.0, 0
    for _ in range(n):
        t += rng.expovariate(3.0 * load)
        refused += not bucket.take(t)
    return refused / n


def terminals(n: int, per_terminal: int, *, aimd: bool, seed: int) -> tuple[float, float, float]:
    """(share of 429s, accepted/ceiling over the run, accepted/ceiling while all n were busy)."""
    rng = random.Random(seed)
    now = [0.0]
    pacers = [Pacer(rate_per_second=3.0, start_rate=None if aimd else 3.0, clock=lambda: now[0],
                    sleep=lambda s: None, rng=random.Random(seed * 100 + i)) for i in range(n)]
    bucket, left = Bucket(), [per_terminal] * n
    events = [(rng.uniform(0, 2.0), i) for i in range(n)]
    heapq.heapify(events)
    log: list[tuple[float, bool]] = []
    finished: list[float] = []
    while events:
        t, i = heapq.heappop(events)
        now[0] = t
        slot = max(t, pacers[i]._next_free)
        if slot > t:
            heapq.heappush(events, (slot, i))
            continue
        pacers[i].acquire()
        ok = bucket.take(t)
        log.append((t, ok))
        now[0] = t + 0.02 + rng.random() * 0.02  # the answer
        if ok:
            if aimd:
                pacers[i].on_accepted()
            left[i] -= 1
            if left[i] == 0:
                finished.append(now[0])
                continue
        elif aimd:
            pacers[i].on_rate_limited()
        else:
            pacers[i].back_off(1.0)  # the old client: wait 1 s, same rate
        heapq.heappush(events, (now[0] + 0.01, i))
    refused = sum(1 for _, ok in log if not ok)
    span = log[-1][0] - log[0][0]
    first_done = min(finished)
    together = sum(1 for t, ok in log if ok and t <= first_done)
    return refused / len(log), (len(log) - refused) / span / 3.0, together / (first_done - log[0][0]) / 3.0


def main() -> int:
    print("1. Poisson arrivals into a 3-token bucket at 3/s: share refused")
    for load in (0.5, 0.67, 0.8, 0.9, 0.95):
        print(f"   load {load:.0%}: {poisson(load):.1%} refused")
    print("2. Sequential terminals against that bucket (mean of 3 seeds)")
    for n, per in ((1, 600), (3, 100), (10, 100)):
        for aimd in (False, True):
            runs = [terminals(n, per, aimd=aimd, seed=s) for s in (1, 2, 3)]
            share, rate, together = (sum(r[k] for r in runs) / len(runs) for k in range(3))
            print(f"   {n:2d} terminals, {'AIMD ' if aimd else 'fixed'}: 429s {share:5.1%}, accepted "
                  f"{rate:5.1%} of 3/s over the run, {together:5.1%} while all were busy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
