"""Power cut on the store side (issue 8, item 4), through bench/harness_power_cut.py: a process
recording sales in a tight loop is SIGKILLed repeatedly; the store stays intact and every sale it
reported as recorded is there with its items, payments and outbox rows."""

from __future__ import annotations

from pathlib import Path

from bench.harness_power_cut import run


def test_sigkill_while_recording_loses_nothing_reported_and_leaves_nothing_half_written(home: Path) -> None:
    report = run(home, kills=8, seed=3, max_delay_s=0.4)
    assert report.kills == 8
    assert report.integrity == ["ok"]
    assert len(report.reported) >= 8, "the loop must actually have recorded sales before the kills"
    assert report.missing == []
    assert report.incomplete == []
    assert report.stored >= len(report.reported)  # a sale committed just before the kill may be unreported
    assert report.ok
