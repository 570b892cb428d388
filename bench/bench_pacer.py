"""Pacer micro-benchmark: N requests through the real client to a local HTTP handler.

    python bench/bench_pacer.py --rate 50     # 300 requests: expect 5.9-6.2 s
    python bench/bench_pacer.py --rate 3      # 300 requests: expect 99-101 s

Prints elapsed time, achieved rate and achieved/ceiling. The first request leaves at once and
each next one 1/rate later, so N requests take (N-1)/rate seconds.
"""

from __future__ import annotations

import argparse
import http.server
import json
import threading
import time
from datetime import UTC, datetime, timedelta

from pdv_bling.bling import BlingClient, BlingConfig
from pdv_bling.bling.pacer import Pacer
from pdv_bling.bling.tokens import Credentials, MemoryTokenStore, TokenPair

BODY = json.dumps({"data": {"id": "bench", "nome": "Loja Bench", "cnpj": "11222333000181"}}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: object) -> None:
        return


def run(rate: float, requests: int) -> float:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = f"http://127.0.0.1:{server.server_address[1]}/Api/v3"
    store = MemoryTokenStore(
        TokenPair("bench-access", "bench-refresh", datetime.now(UTC) + timedelta(hours=6)), Credentials("id", "secret")
    )
    config = BlingConfig.for_url(api, rate_per_second=rate)
    client = BlingClient(config=config, tokens=store, pacer=Pacer(rate_per_second=rate))
    try:
        start = time.perf_counter()
        for _ in range(requests):
            client.empresas.dados_basicos()
        elapsed = time.perf_counter() - start
    finally:
        client.close()
        server.shutdown()
        server.server_close()
    achieved = (requests - 1) / elapsed
    print(f"requests={requests} ceiling={rate:g}/s elapsed={elapsed:.3f}s "
          f"achieved={achieved:.3f}/s achieved/ceiling={achieved / rate:.4f}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    elapsed = run(args.rate, args.requests)
    if args.requests == 300 and args.rate in (3.0, 50.0):
        low, high = (99.0, 101.0) if args.rate == 3.0 else (5.9, 6.2)
        print(f"target {low}-{high}s: {'OK' if low <= elapsed <= high else 'OUT OF RANGE'}")


if __name__ == "__main__":
    main()
