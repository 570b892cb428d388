"""The account pacer's priority lane (issue 27 item 2): a request a customer waits for (inside
`customer_waiting()`) takes the next slot while other callers wait, and the lane never lets the
account exceed its rate."""

from __future__ import annotations

import threading
import time
from collections import deque

from pdv_bling.bling.pacer import Pacer, customer_waiting

RATE = 10.0  # an interval of 100 ms: wide enough for a loaded test machine


def test_a_customer_request_takes_the_next_slot_ahead_of_a_busy_background() -> None:
    pacer = Pacer(rate_per_second=RATE, start_rate=RATE)
    pacer._grants = deque(maxlen=100_000)  # every slot's time, as the pacer gave it (white box)
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
    times = list(pacer._grants)
    assert len(times) == len(grants)
    n = int(RATE)  # the lane shares the account's rate, never adds to it: at most n in any second
    assert min(b - a for a, b in zip(times, times[n:], strict=False)) >= 1.0 - 1e-9


def test_after_a_quiet_moment_a_customers_few_requests_go_at_once_then_the_window_holds() -> None:
    from tests.core.bling_support import FakeClock

    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=3.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()  # the last request, long ago
    clock.now += 10
    started = clock.now
    with customer_waiting():
        for _ in range(5):
            pacer.acquire()
    # 3 at once (3 in any second at 3/s), the 4th and 5th a second after the 1st and 2nd
    assert clock.now - started == 1.0
    before = clock.now
    pacer.acquire()  # the normal lane after them: 1/rate after the last slot
    assert abs(clock.now - before - 1 / 3) < 1e-9
    pacer.on_rate_limited()  # a 429 holds both lanes
    held = clock.now
    with customer_waiting():
        pacer.acquire()
    assert clock.now - held >= 1.0


def test_while_a_customer_is_served_the_backlog_leaves_a_slot_of_each_window_free() -> None:
    from tests.core.bling_support import FakeClock

    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=3.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):  # the backlog at full rate: 0, 1/3, 2/3
        pacer.acquire()
    start = clock.now - 2 / 3
    with customer_waiting():  # a customer's item is being delivered (by another thread's drainer)
        pacer.acquire(priority=False)  # the backlog's next request waits for a window with room to spare
        assert abs(clock.now - start - 4 / 3) < 1e-9  # not at 1.0: 2 grants in any second, while serving
        before = clock.now
        pacer.acquire()  # the customer's request finds its slot free
        assert clock.now == before
    pacer.acquire(priority=False)  # served: the backlog has the whole rate again (1/rate after its last)
    assert abs(clock.now - start - 5 / 3) < 1e-9


def test_outside_the_lane_the_default_is_the_normal_lane() -> None:
    pacer = Pacer(rate_per_second=1000.0, start_rate=1000.0)
    pacer.acquire()
    with customer_waiting(False):
        pacer.acquire()
    with customer_waiting():
        pacer.acquire()
    assert pacer.granted_priority == 1 and pacer.used_today == 3


def test_while_the_counter_holds_the_account_the_backlog_waits_and_a_customer_finds_the_window_empty() -> None:
    """A cashier building a sale (or one just recorded) holds the normal lane: at F10 the order,
    `gerar` and `enviar` go at once instead of after the backlog's last second of requests."""
    from tests.core.bling_support import FakeClock

    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=3.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):  # the backlog at full rate
        pacer.acquire()
    pacer.hold_for_counter(20.0, reason="basket")  # the first item is scanned
    assert pacer.counter_held()
    started = clock.now
    pacer.acquire(priority=False)  # the backlog's next request waits out the basket's hold
    assert clock.now - started >= 20.0
    pacer.hold_for_counter(20.0, reason="basket")  # the next customer's basket
    clock.now += 1.0  # (the backlog's last request ages out of the window while the cashier scans)
    before = clock.now
    with customer_waiting():  # F10: the customer's three requests
        for _ in range(3):
            pacer.acquire()
    assert clock.now == before
    pacer.hold_for_counter(5.0, reason="sale")
    pacer.release_counter("basket")
    assert pacer.counter_held()  # the sale's hold still stands
    pacer.release_counter("sale")  # its note is here
    assert not pacer.counter_held()
    before = clock.now
    pacer.acquire(priority=False)  # the backlog goes on with the window (3 in any second)
    assert abs(clock.now - before - 1.0) < 1e-9


def test_a_customer_waiting_for_a_lock_the_backlog_holds_lends_it_the_priority_lane() -> None:
    """The backlog fills a shared cache (the situações) under its lock and waits for a slot while
    the counter holds the normal lane; the customer's order needs the same cache: the holder's
    request goes through the priority lane at once instead of after the whole hold."""
    from pdv_bling.bling.pacer import InheritingLock

    pacer = Pacer(rate_per_second=RATE, start_rate=RATE)
    pacer.hold_for_counter(20.0)
    lock = InheritingLock()
    sent = threading.Event()

    def backlog() -> None:
        with lock:
            pacer.acquire()  # the normal lane, held for the counter
            sent.set()

    thread = threading.Thread(target=backlog, daemon=True)
    thread.start()
    time.sleep(0.3)
    assert not sent.is_set()  # the hold stands for the backlog alone
    started = time.monotonic()
    with customer_waiting(), lock:  # the customer needs what the backlog is fetching
        pacer.acquire()
    assert sent.is_set() and time.monotonic() - started < 2.0
    assert pacer.counter_held()  # the hold itself stands: only the holder's request was lent the lane
    pacer.release_counter()
    thread.join(timeout=5)
