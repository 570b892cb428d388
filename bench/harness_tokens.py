"""Harness 5 (issue 8): token trouble, with the stand-in and `pdv-bling sync` as real processes.
(The same behaviour is asserted in tests/e2e/test_token_trouble.py; this prints the figures.)

    .venv/bin/python bench/harness_tokens.py            # ~1 min

A. Expiry mid-drain: 60 sales; while `pdv-bling sync --push` delivers (client at 10 req/s),
   the stand-in's clock jumps past the access token's 6 h life. Expect: one 401, exactly one
   token call, delivery goes on, every sale once.
B. Revocation: 40 more sales; while delivering, the app's access and refresh tokens are revoked
   at Bling (POST /oauth/revoke). Expect: the sync stops with "reconnection_needed" (the UI's
   "Reconexão necessária"), nothing parked or lost; after reconnecting (a new authorization
   code exchanged at /oauth/token) the queue drains, every sale once.
"""

from __future__ import annotations

import base64
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    StandIn,
    Workload,
    all_clean,
    attach,
    compare,
    expected_from_local,
    outbox_states,
    record_sales,
    reopen,
    setup_terminal,
    sync_env,
)
from pdv_bling.bling.tokens import SandboxFileTokenStore  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402

SYNC = [sys.executable, "-m", "pdv_bling", "sync", "--push", "--wait", "--json"]  # --wait: until empty


def wait_orders(standin: StandIn, at_least: int, limit_s: float = 60) -> None:
    deadline = time.monotonic() + limit_s
    while standin.inspect()["orders_total"] < at_least and time.monotonic() < deadline:
        time.sleep(0.1)


def tokens_since(standin: StandIn, mark: int) -> tuple[int, int, int]:
    log = standin.inspect()["requests"]["log"][mark:]
    token = [e for e in log if e["path"].endswith("/oauth/token")]
    return len(token), sum(1 for e in token if e["status"] != 200), sum(1 for e in log if e["status"] == 401)


def revoke_app(standin: StandIn, home: Path) -> None:
    pair = SandboxFileTokenStore(home, api_url=standin.base_url).load_tokens()
    assert pair is not None
    basic = base64.b64encode(f"{standin.client_id}:{standin.client_secret}".encode()).decode()
    for token in (pair.access_token, pair.refresh_token):
        standin.http.post(f"{standin.base_url}/oauth/revoke", headers={"Authorization": f"Basic {basic}"},
                          data={"token": token}).raise_for_status()


def main() -> int:
    rng = random.Random(17)
    ok = True
    with tempfile.TemporaryDirectory(prefix="harness-tokens-") as name:
        tmp = Path(name)
        standin = StandIn(tmp / "standin.sqlite", products=120, rate_limit=1000)
        try:
            os.environ["PDV_BLING_RATE_PER_SECOND"] = "200"
            home = tmp / "store"
            t = setup_terminal(home, standin)
            work = Workload()
            record_sales(t.ctx, rng, 60, work)
            t.close()
            # A. expiry mid-drain
            mark = len(standin.inspect()["requests"]["log"])
            base_orders = standin.inspect()["orders_total"]
            proc = subprocess.Popen(SYNC, env=sync_env(home, 10), stdout=subprocess.PIPE, text=True)
            wait_orders(standin, base_orders + 20)
            standin.http.post(f"{standin.root_url}/__sandbox__/clock", json={"advance": 21_601})
            out_a = proc.communicate(timeout=300)[0]
            calls, refused, unauthorized = tokens_since(standin, mark)
            t = reopen(home)
            result_a = compare(expected_from_local(t.ctx), standin.inspect())
            t.close()
            states_a = dict(outbox_states(home))
            print("== harness 5A: access token expires mid-drain ==")
            print(f"sales=60 orders_before_expiry>={base_orders + 20} token_calls={calls} refused={refused} "
                  f"401s={unauthorized} exit={proc.returncode} outbox={states_a}")
            print(f"comparison={result_a}")
            ok &= calls == 1 and refused == 0 and unauthorized == 1 and all_clean(result_a) and proc.returncode == 0
            # B. revocation
            t = reopen(home)
            record_sales(t.ctx, rng, 40, work)
            t.close()
            mark = len(standin.inspect()["requests"]["log"])
            base_orders = standin.inspect()["orders_total"]
            proc = subprocess.Popen(SYNC, env=sync_env(home, 10), stdout=subprocess.PIPE, text=True)
            wait_orders(standin, base_orders + 10)
            revoke_app(standin, home)
            out_b = proc.communicate(timeout=300)[0]
            calls, refused, _ = tokens_since(standin, mark)
            t = reopen(home)
            state = t.service.connection_state()
            paused = dict(outbox_states(home))
            again = subprocess.run(SYNC, env=sync_env(home, 10), capture_output=True, text=True)
            calls_after_retry, _, _ = tokens_since(standin, mark)
            attach(t.ctx, standin)  # reconnect: a new code through the real token endpoint
            reconnected = t.service.connection_state()
            t.close()
            final = subprocess.run(SYNC, env=sync_env(home, 10), capture_output=True, text=True)
            t = reopen(home)
            result_b = compare(expected_from_local(t.ctx), standin.inspect())
            t.close()
            states_b = dict(outbox_states(home))
            print("== harness 5B: refresh token revoked mid-drain ==")
            print(f"sync exit={proc.returncode} report={out_b.strip()[-140:]}")
            print(f"state={state} outbox_while_paused={paused} token_calls={calls} refused={refused}")
            print(f"second sync while paused: exit={again.returncode}, token calls added="
                  f"{calls_after_retry - calls}")
            print(f"after reconnect: state={reconnected} sync exit={final.returncode} outbox={states_b}")
            print(f"comparison={result_b}")
            ok &= (state == "reconnection_needed" and outbox.PARKED not in paused and refused == 1
                   and final.returncode == 0 and set(states_b) == {outbox.DONE} and all_clean(result_b))
            del out_a
        finally:
            standin.stop()
    print("TOKEN TROUBLE HANDLED, NOTHING LOST" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
