"""Relay throughput and wake-up latency against a bare FastAPI endpoint on the same uvicorn.

Both servers run as separate processes on loopback with the same uvicorn settings (httptools,
uvloop, no access log); the relay with its rate limits off, a mailbox quota above the run's
size and a fresh SQLite database (WAL, synchronous=FULL). Figures, each also as a ratio to the
baseline:
- sends/s: 1 KiB envelopes POSTed from 4 client threads (baseline: the same body to a bare
  endpoint that reads it and answers 201);
- delivered/s: 4 threads send to one mailbox while its owner long-polls and acks, until all
  arrived;
- wake-up p50/p99: from a send's 201 to the waiting long-poll's answer (baseline: the p50/p99
  of one bare POST round trip).
Both are measured in alternating rounds; each figure is the best over --rounds.
Usage: python bench/relay.py [--json] [--sends N] [--delivered N] [--wakeups N] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests
import uvicorn
from fastapi import FastAPI, Request

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.net import RelayClient  # noqa: E402
from tests.relay_process import relay_process  # noqa: E402

THREADS = 4
ENVELOPE = os.urandom(1024)


def serve_baseline() -> None:
    """The baseline server: one FastAPI route that reads a body and answers 201 with an id."""
    app = FastAPI()

    @app.post("/envelopes", status_code=201)
    async def take(request: Request) -> dict[str, str]:
        await request.body()
        return {"envelope_id": os.urandom(16).hex()}

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(
        app, loop="uvloop", http="httptools", access_log=False, log_level="warning"
    )
    uvicorn.Server(config).run(sockets=[sock])


@contextmanager
def baseline_process() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-baseline"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        requests.post(f"{url}/envelopes", data=ENVELOPE, timeout=30).raise_for_status()
        yield url
    finally:
        process.kill()
        process.wait()


def rate(count: int, work: Callable[[int], object]) -> float:
    """Calls per second of `work(n)` for n in range(count), over THREADS threads."""
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, range(min(THREADS * 4, count))))  # warm up connections
        started = time.perf_counter()
        list(pool.map(work, range(count)))
    return count / (time.perf_counter() - started)


def percentiles_ms(seconds: list[float]) -> tuple[float, float]:
    """p50 and p99 of durations in seconds, in milliseconds (bench/e2e.py uses it too)."""
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1e3, cuts[98] * 1e3


def print_json(figures: dict[str, float]) -> None:
    """The `--json` line: every figure, rounded (bench/e2e.py uses it too)."""
    print(json.dumps({name: round(value, 3) for name, value in figures.items()}))


def bench_baseline(url: str, sends: int, round_trips: int) -> dict[str, float]:
    local = threading.local()

    def post(_: int) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        session.post(f"{url}/envelopes", data=ENVELOPE, headers={"Idempotency-Key": "k"})

    per_second = rate(sends, post)
    timings = []
    for n in range(round_trips):
        started = time.perf_counter()
        post(n)
        timings.append(time.perf_counter() - started)
    p50, p99 = percentiles_ms(timings)
    return {"sends_per_s": per_second, "round_trip_p50_ms": p50, "round_trip_p99_ms": p99}


def bench_relay(url: str, sends: int, delivered: int, wakeups: int) -> dict[str, float]:
    sender = RelayClient(url, os.urandom(32))
    receivers = [RelayClient(url, os.urandom(32)) for _ in range(THREADS)]
    run = os.urandom(4).hex()

    def send(n: int) -> str:  # spread over 4 mailboxes so no mailbox reaches its quota
        return sender.send(receivers[n % THREADS].mailbox, ENVELOPE, f"{run}-{n}")

    sends_per_second = rate(sends, send)
    for receiver in receivers:  # drain
        while batch := receiver.poll():
            receiver.ack([d.envelope_id for d in batch])

    receiver = receivers[0]

    def feed() -> None:
        with ThreadPoolExecutor(THREADS) as pool:
            list(
                pool.map(
                    lambda n: sender.send(receiver.mailbox, ENVELOPE, f"{run}-d{n}"),
                    range(delivered),
                )
            )

    started = time.perf_counter()
    feeder = threading.Thread(target=feed)
    feeder.start()
    got = 0
    while got < delivered:
        batch = receiver.poll(wait=5)
        receiver.ack([d.envelope_id for d in batch])
        got += len(batch)
    delivered_per_second = delivered / (time.perf_counter() - started)
    feeder.join()

    latencies = []
    with ThreadPoolExecutor(1) as pool:
        for n in range(wakeups):
            waiting = pool.submit(lambda: (receiver.poll(wait=10), time.perf_counter()))
            time.sleep(0.01)  # let the poll reach the relay and wait
            sender.send(receiver.mailbox, ENVELOPE, f"{run}-w{n}")
            answered_201 = time.perf_counter()
            batch, woken = waiting.result()
            receiver.ack([d.envelope_id for d in batch])
            latencies.append(max(woken - answered_201, 0.0))
    p50, p99 = percentiles_ms(latencies)
    return {
        "sends_per_s": sends_per_second,
        "delivered_per_s": delivered_per_second,
        "wakeup_p50_ms": p50,
        "wakeup_p99_ms": p99,
    }


def best_of(best: dict[str, float], new: dict[str, float]) -> None:
    """Keep the highest rates and the lowest times seen over the rounds."""
    for name, value in new.items():
        better = min if name.endswith("_ms") else max
        best[name] = better(best.get(name, value), value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sends", type=int, default=2000)
    parser.add_argument("--delivered", type=int, default=1000)
    parser.add_argument("--wakeups", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        serve_baseline()
        return 0

    base: dict[str, float] = {}
    relay_figures: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory() as directory,
        baseline_process() as baseline_url,
        relay_process(Path(directory), "--mailbox-quota", str(10 * args.delivered)) as relay,
    ):
        for _ in range(args.rounds):  # alternate, so both see the same machine load
            best_of(base, bench_baseline(baseline_url, args.sends, args.wakeups))
            best_of(relay_figures, bench_relay(relay.url, args.sends, args.delivered, args.wakeups))

    figures = {f"baseline_{name}": value for name, value in base.items()}
    figures |= {f"relay_{name}": value for name, value in relay_figures.items()}
    figures["sends_ratio"] = relay_figures["sends_per_s"] / base["sends_per_s"]
    figures["delivered_ratio"] = relay_figures["delivered_per_s"] / base["sends_per_s"]
    figures["wakeup_p50_ratio"] = relay_figures["wakeup_p50_ms"] / base["round_trip_p50_ms"]
    figures["wakeup_p99_ratio"] = relay_figures["wakeup_p99_ms"] / base["round_trip_p99_ms"]

    print(
        f"bare FastAPI POST, {THREADS} threads: {base['sends_per_s']:8.0f} req/s (one round trip"
        f" p50 {base['round_trip_p50_ms']:.2f} ms, p99 {base['round_trip_p99_ms']:.2f} ms)"
    )
    print(
        f"relay sends, {THREADS} threads:        {relay_figures['sends_per_s']:8.0f} /s "
        f"= {figures['sends_ratio']:.0%} of baseline"
    )
    print(
        f"relay delivered (send+poll+ack): {relay_figures['delivered_per_s']:8.0f} /s "
        f"= {figures['delivered_ratio']:.0%} of baseline"
    )
    print(
        f"relay wake-up after 201:  p50 {relay_figures['wakeup_p50_ms']:.2f} ms "
        f"({figures['wakeup_p50_ratio']:.2f}x a bare round trip), "
        f"p99 {relay_figures['wakeup_p99_ms']:.2f} ms ({figures['wakeup_p99_ratio']:.2f}x)"
    )
    if args.json:
        print_json(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
