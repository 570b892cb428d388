"""Several drainers of one data folder draining together, each in its lane of kinds: each takes
ready chain heads (never the same one: `drainer.Claims`), so one chain's wait on Bling (an NFC-e
at SEFAZ: ~1 s per note) overlaps other chains' requests and the account's 3 requests/s stay in
use. Every item keeps the single drainer's guarantees (one item of a chain at a time, "attempt
started" before the call); the pacer, shared, keeps the whole account at its rate."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from pdv_bling.store import outbox
from pdv_bling.sync.drainer import EVERY_KIND, Drainer, DrainReport, Lane, LaneChoice

log = logging.getLogger(__name__)
IDLE_S = 0.05  # a worker with nothing ready looks again this often while another one is busy
SKIP_SEFAZ, SEFAZ_ONLY, NO_KIND = Lane(skip=(outbox.NFCE_SEND,)), Lane(only=(outbox.NFCE_SEND,)), Lane(only=())


def sefaz_lanes(backlog: Drainer, sefaz: Drainer) -> list[tuple[Drainer, LaneChoice]] | None:
    """The backlog's two lanes when notes are to be sent: `backlog` takes every kind but `enviar`,
    `sefaz` only `enviar` (its SEFAZ round trip then overlaps other chains' requests). None (one
    drainer, every kind) when no `enviar` is open, or while the once-per-account stock check is
    under way: it reads a product's balance before and after one sale's chain, and another sale's
    note issued in between would blur the figure (until it has finished, the lanes are one)."""
    with backlog.store.read() as session:
        if not outbox.has_to_send(session, (outbox.NFCE_SEND,)):
            return None
    finished = [False]

    def check_finished() -> bool:
        if not finished[0]:  # once finished it stays so for this drain (a new account: a new drain)
            check = backlog.handlers.stock_check.current()
            finished[0] = check is not None and check.finished
        return finished[0]

    def backlog_lane() -> Lane:
        return SKIP_SEFAZ if check_finished() else EVERY_KIND

    def sefaz_lane() -> Lane:
        return SEFAZ_ONLY if check_finished() else NO_KIND

    return [(backlog, backlog_lane), (sefaz, sefaz_lane)]


def drain_together(workers: Sequence[tuple[Drainer, LaneChoice]], *,
                   should_stop: Callable[[], bool] | None = None) -> DrainReport:
    """Drain until nothing is ready and no worker is busy, or a queue-wide stop (offline,
    reconnection, daily limit: the first one seen is reported). The first worker runs on the
    calling thread; the report sums every worker's, and the queue's counts are published once."""
    stop = threading.Event()
    lock = threading.Lock()
    reports: list[DrainReport] = []
    progress = [0]  # items some worker has attempted: a head may have become ready in another lane
    idle: dict[int, int] = {}  # worker -> the progress it had seen when it last found nothing

    def halted() -> bool:
        return stop.is_set() or (should_stop is not None and should_stop())

    def work(index: int, drainer: Drainer, lane: LaneChoice) -> None:
        while not halted():
            with lock:
                seen = progress[0]
                idle.pop(index, None)
            report = drainer.drain_once(should_stop=halted, lane=lane, publish=False)
            with lock:
                reports.append(report)
                if report.stopped_by is not None:
                    stop.set()
                    return
                if report.delivered or report.parked or report.retried or report.waiting:
                    progress[0] += 1
                    continue
                idle[index] = seen
                if len(idle) == len(workers) and all(v == progress[0] for v in idle.values()):
                    stop.set()  # every worker found nothing since the last attempt anywhere
                    return
            time.sleep(IDLE_S)

    def helper(index: int, drainer: Drainer, lane: LaneChoice) -> None:
        try:
            work(index, drainer, lane)
        except Exception:  # a store error: the others stop too, the next drain starts over
            log.exception("drain worker %s failed", index)
            stop.set()

    helpers = [threading.Thread(target=helper, args=(i, *worker), name=f"drain-{i}", daemon=True)
               for i, worker in enumerate(workers) if i > 0]
    for thread in helpers:
        thread.start()
    try:
        work(0, *workers[0])
    finally:
        stop.set()  # the calling thread stops (a stop, or an error): so do the others
        for thread in helpers:
            thread.join()
    total = _merged(reports)
    workers[0][0].publish_counts(total)
    return total


def _merged(reports: list[DrainReport]) -> DrainReport:
    total = DrainReport()
    for report in reports:
        total.delivered += report.delivered
        total.parked += report.parked
        total.retried += report.retried
        total.waiting += report.waiting
        total.delivered_ids += report.delivered_ids
        total.stopped_by = total.stopped_by or report.stopped_by
    return total
