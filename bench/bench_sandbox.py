"""Bling stand-in figures: start-up with 5,000 products (target < 2 s) and list-page latency
(`GET /produtos?limite=100`, target < 20 ms). Prints figures; not a test.

    .venv/bin/python bench/bench_sandbox.py [--products 5000] [--pages 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx

from pdv_bling.sandbox import SandboxConfig, SandboxServer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    server = SandboxServer(SandboxConfig(products=args.products, rate_limit=1e9)).start()
    token = server.issue_tokens()["access_token"]
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as api:
        first = api.get("/produtos", params={"limite": 100})
        startup = time.perf_counter() - started
        assert first.status_code == 200 and len(first.json()["data"]) == 100
        pages = max(1, len(server.state.produtos) // 100)
        timings = []
        for i in range(args.pages):
            t0 = time.perf_counter()
            resp = api.get("/produtos", params={"pagina": i % pages + 1, "limite": 100})
            timings.append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200
        t0 = time.perf_counter()
        detail = api.get(f"/produtos/{first.json()['data'][0]['id']}")
        detail_ms = (time.perf_counter() - t0) * 1000
        assert detail.status_code == 200
    server.stop()
    timings.sort()
    print(f"products={args.products} (rows incl. variations={len(server.state.produtos)})")
    print(f"startup_to_first_page_s={startup:.3f} (target < 2)")
    print(f"list_page_ms median={statistics.median(timings):.2f} p95={timings[int(len(timings) * 0.95) - 1]:.2f} "
          f"max={timings[-1]:.2f} (target < 20, {args.pages} pages of 100)")
    print(f"detail_ms={detail_ms:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
