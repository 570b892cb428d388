"""Several drainers of one data folder draining together: each takes ready chain heads (never
the same one: `drainer.Claims`), so one chain's wait on Bling (an NFC-e at SEFAZ: ~1 s per note)
overlaps other chains' requests and the account's 3 requests/s stay in use. Every item keeps the
single drainer's guarantees (one item of a chain at a time, "attempt started" before the call); the
pacer, shared, keeps the whole account at its rate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from pdv_bling.sync.drainer import Drainer, DrainReport

IDLE_S = 0.05  # a worker with nothing ready looks again this often while another one is busy


def drain_together(drainers: Sequence[Drainer], *, should_stop: Callable[[], bool] | None = None) -> DrainReport:
    """Drain until nothing is ready and no worker is busy, or a queue-wide stop (offline,
    reconnection, daily limit: the first one seen is reported). The first drainer runs on the
    calling thread; the report sums every worker's."""
    stop = threading.Event()
    busy = [0]
    lock = threading.Lock()
    reports: list[DrainReport] = []

    def halted() -> bool:
        return stop.is_set() or (should_stop is not None and should_stop())

    def work(drainer: Drainer) -> None:
        while not halted():
            with lock:
                busy[0] += 1
            try:
                report = drainer.drain_once(should_stop=halted)
            finally:
                with lock:
                    busy[0] -= 1
            with lock:
                reports.append(report)
            if report.stopped_by is not None:
                stop.set()
                return
            if not (report.delivered or report.parked or report.retried or report.waiting):
                with lock:
                    others_busy = busy[0] > 0
                if not others_busy:
                    return
                time.sleep(IDLE_S)

    helpers = [threading.Thread(target=work, args=(d,), name=f"drain-{i + 1}", daemon=True)
               for i, d in enumerate(drainers[1:])]
    for thread in helpers:
        thread.start()
    work(drainers[0])
    for thread in helpers:
        thread.join()
    return _merged(reports)


def _merged(reports: list[DrainReport]) -> DrainReport:
    total = DrainReport()
    for report in reports:
        total.delivered += report.delivered
        total.parked += report.parked
        total.retried += report.retried
        total.waiting += report.waiting
        total.delivered_ids += report.delivered_ids
        total.stopped_by = total.stopped_by or report.stopped_by
    if reports:  # the queue's figures as the last worker saw them
        total.pending, total.parked_total = reports[-1].pending, reports[-1].parked_total
    return total
