"""The account pacer's priority lane (issue 27 item 2): a request a customer waits for (inside
`customer_waiting()`) takes the next slot while other callers wait, and the lane never lets the
account exceed its rate."""

from __future__ import annotations

import threading
import time

from pdv_bling.bling.pacer import Pacer, customer_waiting

RATE = 10.0  # an interval of 100 ms: wide enough for a loaded test machine


def test_a_customer_request_takes_the_next_slot_ahead_of_a_busy_background() -> None:
    pacer = Pacer(rate_per_second=RATE, start_rate=RATE)
    stop = threading.Event()
    grants: list[tuple[float, str]] = []
    lock = threading.Lock()

    def background() -> None:
        while not stop.is_set():
            pacer.acquire()
            with lock:
                grants.append((time.monotonic(), "background"))

    threads = [threading.Thread(target=background, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the background owns every slot now
    waits = []
    for _ in range(6):
        started = time.monotonic()
        with customer_waiting():
            pacer.acquire()
        waits.append(time.monotonic() - started)
        with lock:
            grants.append((time.monotonic(), "customer"))
        time.sleep(0.15)
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    assert pacer.granted_priority == 6
    # Behind four busy callers a slot would take ~0.4 s; the lane gives the next one (<= 1 interval).
    assert sorted(waits)[-2] < 1.0 / RATE + 0.08, waits
    times = sorted(t for t, _who in grants)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) > 1.0 / RATE * 0.8  # the lane shares the account's rate, never adds to it


def test_outside_the_lane_the_default_is_the_normal_lane() -> None:
    pacer = Pacer(rate_per_second=1000.0, start_rate=1000.0)
    pacer.acquire()
    with customer_waiting(False):
        pacer.acquire()
    with customer_waiting():
        pacer.acquire()
    assert pacer.granted_priority == 1 and pacer.used_today == 3
