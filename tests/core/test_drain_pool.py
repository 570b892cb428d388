"""`sync.drain_pool.drain_together`: workers in lanes of kinds end together, when every one has
found nothing since the last attempt anywhere, or when one of them stops or fails."""

from __future__ import annotations

import threading
from typing import Any

from pdv_bling.sync.drain_pool import drain_together
from pdv_bling.sync.drainer import DrainReport


class Worker:
    """A drainer's stand-in: `script` lists what each drain_once call reports (then nothing)."""

    def __init__(self, *script: Any) -> None:
        self.script = list(script)
        self.calls = 0
        self.published: list[DrainReport] = []

    def drain_once(self, **_: Any) -> DrainReport:
        self.calls += 1
        step = self.script.pop(0) if self.script else DrainReport()
        if callable(step):
            step = step()
        return step

    def publish_counts(self, report: DrainReport) -> None:
        self.published.append(report)


def test_a_head_made_ready_by_another_lane_is_taken_in_the_same_pass() -> None:
    backlog_idle = threading.Event()

    def backlog_found_nothing() -> DrainReport:
        backlog_idle.set()
        return DrainReport()

    def sefaz_sent_after_the_backlog_looked() -> DrainReport:
        assert backlog_idle.wait(5)  # the backlog already found nothing in its lane...
        return DrainReport(delivered=1)  # ...then an `enviar` answered: the read is ready in its lane

    backlog = Worker(backlog_found_nothing, DrainReport(delivered=2))
    sefaz = Worker(sefaz_sent_after_the_backlog_looked)
    report = drain_together([(backlog, None), (sefaz, None)])  # type: ignore[list-item]
    assert report.delivered == 3 and report.stopped_by is None
    assert backlog.script == [] and len(backlog.published) == 1  # the queue's counts, once


def test_a_queue_wide_stop_in_one_lane_stops_the_other() -> None:
    backlog = Worker(*[DrainReport(delivered=1)] * 1000)  # never idle on its own
    sefaz = Worker(DrainReport(stopped_by="reconnection_needed"))
    report = drain_together([(backlog, None), (sefaz, None)])  # type: ignore[list-item]
    assert report.stopped_by == "reconnection_needed" and backlog.calls < 1000


def test_a_worker_that_fails_stops_the_pass_instead_of_leaving_it_waiting() -> None:
    def broken() -> DrainReport:
        raise RuntimeError("database is locked")

    backlog = Worker()  # finds nothing, and would wait for the other lane forever
    sefaz = Worker(broken)
    finished = threading.Event()
    threading.Thread(target=lambda: (drain_together([(backlog, None), (sefaz, None)]),  # type: ignore[list-item]
                                     finished.set()), daemon=True).start()
    assert finished.wait(10)  # the pass ends (the next drain starts over)
