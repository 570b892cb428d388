"""A TCP proxy that makes a server slow: every client->server chunk waits `delay` ms (not a test).

    python bench/slowproxy.py --listen 10.77.5.2:5433 --to 127.0.0.1:5432 --delay-file /tmp/delay_ms

Used by `bench/bench_store_local.py` for "the store server is slow (500 ms per query)": put in
front of PostgreSQL, each query (one client->server message, answered by one round trip) takes
500 ms more; so does each step of a new connection. The delay is read from `--delay-file`
(milliseconds as text; absent or empty = 0) whenever the file changes, so the benchmark switches
between fast and slow without reconnecting. Order is kept per connection. Prints "ready" once
listening; stops on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
from pathlib import Path


class Delay:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._mtime: float | None = None
        self._ms = 0.0

    def seconds(self) -> float:
        if self.path is None:
            return 0.0
        try:
            mtime = os.stat(self.path).st_mtime
        except FileNotFoundError:
            self._mtime, self._ms = None, 0.0
            return 0.0
        if mtime != self._mtime:
            self._mtime = mtime
            text = self.path.read_text(encoding="utf-8").strip()
            self._ms = float(text) if text else 0.0
        return self._ms / 1000.0


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: Delay | None) -> None:
    """Copy reader -> writer; with `delay`, each chunk is sent `delay` after it arrived (in order)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def sender() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()

    task = asyncio.create_task(sender())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + (delay.seconds() if delay else 0.0), data))
            if not data:
                break
        await task
    except (ConnectionError, asyncio.CancelledError):
        task.cancel()
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def serve(listen: tuple[str, int], target: tuple[str, int], delay: Delay) -> None:
    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*target)
        except OSError:
            client_w.close()  # the server is down: the client sees the connection close at once
            return
        await asyncio.gather(pipe(client_r, server_w, delay), pipe(server_r, client_w, None),
                             return_exceptions=True)

    server = await asyncio.start_server(handle, *listen)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    async with server:
        await stop.wait()


def address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host, int(port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", required=True, type=address)
    parser.add_argument("--to", required=True, type=address)
    parser.add_argument("--delay-file", type=Path)
    args = parser.parse_args()
    asyncio.run(serve(args.listen, args.to, Delay(args.delay_file)))


if __name__ == "__main__":
    main()
