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

Then `wrk` (the Debian package; .ci/run installs it) loads the sends with a Lua script: valid
1 KiB envelopes POSTed over 32 connections to 1024 mailboxes (so no quota stops it), for
--wrk-seconds, against the bare endpoint and against three relays: SQLite with one process,
PostgreSQL with one process, and PostgreSQL with --processes processes on one database (wrk's
threads spread over them). Each sends/s is also a ratio to the bare endpoint, and for each relay
a poller long-polls a mailbox on process 1 while --load-wakeups sends to it go through the last
process (process 2 in the cluster: LISTEN/NOTIFY wakes it) under that load: the wake-up p50/p99.
The PostgreSQL rows use --db (a postgresql:// URL; both rows share that database), or without it
a throwaway server started with tests/postgres_cluster.py (a fresh database per row); without
PostgreSQL they print "skipped (no PostgreSQL)". Not part of `make test` (`make bench` runs it).
Usage: python bench/relay.py [--json] [--sends N] [--delivered N] [--wakeups N] [--rounds N]
                             [--db postgresql://...] [--processes N] [--wrk-seconds S]
                             [--load-wakeups N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
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
BASELINE_PATH = f"/v1/mailboxes/{os.urandom(32).hex()}/envelopes"


def serve_baseline() -> None:
    """The baseline server: one FastAPI route that reads a body and answers 201 with an id."""
    app = FastAPI()

    @app.post("/v1/mailboxes/{mailbox}/envelopes", status_code=201)
    async def take(mailbox: str, request: Request) -> dict[str, str]:
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
        requests.post(f"{url}{BASELINE_PATH}", data=ENVELOPE, timeout=30).raise_for_status()
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
        session.post(f"{url}{BASELINE_PATH}", data=ENVELOPE, headers={"Idempotency-Key": "k"})

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


WRK = "/usr/bin/wrk"
WRK_CONNECTIONS = 32
WRK_MAILBOXES = 512  # per wrk thread, so no mailbox nears its quota
BIG_QUOTA = "10000000"
LOAD_SECONDS_PER_WAKEUP = 0.15  # wrk's run while wake-ups are timed lasts this long per sample
# Each thread sends to the relay process it was given in setup() (the ports round-robin) and cycles
# through its own mailboxes; done() prints one JSON line with the totals.
WRK_SCRIPT = r"""
local ports = {}
for port in string.gmatch(os.getenv("BENCH_PORTS"), "%d+") do ports[#ports + 1] = port end
local threads = 0
function setup(thread)
  threads = threads + 1
  thread.addr = wrk.lookup("127.0.0.1", ports[(threads - 1) % #ports + 1])[1]
  thread:set("id", threads)
end
function init(args)
  local prefix = os.getenv("BENCH_PREFIX")
  local count = tonumber(os.getenv("BENCH_MAILBOXES"))
  body = string.rep("e", 1024)
  paths = {}
  for i = 1, count do
    paths[i] = string.format("/v1/mailboxes/%s%04x%04x/envelopes", prefix, id, i)
  end
  at = 0
end
function request()
  at = at % #paths + 1
  return wrk.format("POST", paths[at], {["Content-Type"] = "application/octet-stream"}, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def start_wrk(script: Path, urls: list[str], seconds: float) -> subprocess.Popen[str]:
    """wrk POSTing 1 KiB envelopes to many mailboxes, its threads spread over `urls`."""
    threads = max(2, len(urls))
    env = {
        **os.environ,
        "BENCH_PORTS": ",".join(url.rsplit(":", 1)[1] for url in urls),
        "BENCH_PREFIX": os.urandom(28).hex(),  # 56 hex digits, then 4 + 4 of thread and mailbox
        "BENCH_MAILBOXES": str(WRK_MAILBOXES),
    }
    command = [WRK, "-t", str(threads), "-c", str(WRK_CONNECTIONS), "-d", f"{seconds:.0f}s"]
    command += ["-s", str(script), urls[0]]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )


def wrk_result(process: subprocess.Popen[str], timeout: float) -> float:
    """Sends per second from a wrk run's done() line; fails if any send was refused."""
    output, _ = process.communicate(timeout=timeout)
    lines = [line for line in output.splitlines() if line.startswith("WRK ")]
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed (exit code {process.returncode}):\n{output}")
    result = json.loads(lines[-1][4:])
    if result["non2xx"] or result["socket_errors"] or not result["requests"]:
        raise RuntimeError(f"wrk saw refused or failed sends: {result}")
    return float(result["requests"] / result["seconds"])


def wrk_rate(script: Path, urls: list[str], seconds: float) -> float:
    return wrk_result(start_wrk(script, urls, seconds), timeout=seconds + 60)


def wakeups(
    poll_url: str, send_url: str, count: int, until: Callable[[], bool] = lambda: False
) -> list[float]:
    """Seconds from a send's 201 (through `send_url`) to the answer of the long-poll waiting for
    it (on `poll_url`), `count` times or until `until()` says stop."""
    receiver = RelayClient(poll_url, os.urandom(32))
    sender = RelayClient(send_url, os.urandom(32))
    run = os.urandom(4).hex()
    latencies = []
    with ThreadPoolExecutor(1) as pool:
        for n in range(count):
            if until():
                break
            waiting = pool.submit(lambda: (receiver.poll(wait=10), time.perf_counter()))
            time.sleep(0.01)  # let the poll reach the relay and wait
            sender.send(receiver.mailbox, ENVELOPE, f"{run}-l{n}")
            answered_201 = time.perf_counter()
            batch, woken = waiting.result()
            if not batch:
                raise RuntimeError("a long-poll waited out its 10 s: the send never woke it")
            receiver.ack([d.envelope_id for d in batch])
            latencies.append(max(woken - answered_201, 0.0))
    receiver.close()
    sender.close()
    return latencies


def loaded_wakeups(script: Path, urls: list[str], count: int) -> tuple[list[float], float]:
    """Wake-ups (s) of a poller on process 1 by sends through the last process while wrk loads
    every process, and the sends/s wrk managed meanwhile. wrk runs for a fixed time (stopping it
    early would cut requests off mid-body); sampling ends at `count` or when wrk does."""
    load = start_wrk(script, urls, LOAD_SECONDS_PER_WAKEUP * count + 5)
    time.sleep(0.5)  # let wrk's connections open and the load settle
    latencies = wakeups(urls[0], urls[-1], count, until=lambda: load.poll() is not None)
    return latencies, wrk_result(load, timeout=LOAD_SECONDS_PER_WAKEUP * count + 60)


@contextmanager
def relay_cluster(directory: Path, db: str | None, processes: int) -> Iterator[list[str]]:
    """URLs of `processes` relays on one database (SQLite in `directory` if `db` is None)."""
    with ExitStack() as stack:
        urls = [
            stack.enter_context(
                relay_process(directory / f"r{n}", "--mailbox-quota", BIG_QUOTA, db=db)
            ).url
            for n in range(processes)
        ]
        yield urls


@contextmanager
def postgres_databases(db: str | None) -> Iterator[Callable[[], str] | None]:
    """A source of PostgreSQL database URLs: `db` itself each time, or else fresh databases on a
    throwaway server (tests/postgres_cluster.py); None without PostgreSQL."""
    if db is not None:
        yield lambda: db
        return
    from pytest import skip

    from tests.postgres_cluster import postgres_cluster

    with ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="bisik-bench-pg-"))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        try:
            server = stack.enter_context(postgres_cluster(folder))
        except skip.Exception:  # no PostgreSQL binaries here
            yield None
            return
        yield server.new_database


def bench_wrk(
    db: str | None, processes: int, seconds: float, samples: int
) -> tuple[dict[str, float], list[str]]:
    """The wrk figures and their lines."""
    figures: dict[str, float] = {}
    lines: list[str] = []
    with (
        tempfile.TemporaryDirectory() as directory,
        baseline_process() as baseline_url,
        postgres_databases(db) as databases,
    ):
        script = Path(directory) / "sends.lua"
        script.write_text(WRK_SCRIPT)
        base = wrk_rate(script, [baseline_url], seconds)
        figures["wrk_baseline_sends_per_s"] = base
        lines.append(f"{'wrk, bare FastAPI POST:':46}{base:8.0f} req/s")
        rows = [("sqlite_1", "SQLite, 1 process", False, 1)]
        rows += [
            (f"pg_{count}", f"PostgreSQL, {count} process{'es' if count > 1 else ''}", True, count)
            for count in sorted({1, processes})
        ]
        for key, label, on_postgres, count in rows:
            title = f"wrk, relay sends, {label}:"
            if on_postgres and databases is None:
                lines.append(f"{title:46}skipped (no PostgreSQL)")
                continue
            url = databases() if on_postgres and databases is not None else None
            with relay_cluster(Path(directory) / key, url, count) as urls:
                sends = wrk_rate(script, urls, seconds)
                latencies, under_load = loaded_wakeups(script, urls, samples)
            p50, p99 = percentiles_ms(latencies)
            figures[f"wrk_{key}_sends_per_s"] = sends
            figures[f"wrk_{key}_ratio"] = sends / base
            figures[f"wrk_{key}_loaded_wakeup_p50_ms"] = p50
            figures[f"wrk_{key}_loaded_wakeup_p99_ms"] = p99
            figures[f"wrk_{key}_loaded_sends_per_s"] = under_load
            where = "on the same process" if count == 1 else f"through process {count}"
            lines.append(
                f"{title:46}{sends:8.0f} /s = {sends / base:.0%} of baseline; wake-up of a poll on"
                f" process 1 by sends {where}, under {under_load:.0f} sends/s:"
                f" p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(latencies)} samples)"
            )
    return figures, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sends", type=int, default=2000)
    parser.add_argument("--delivered", type=int, default=1000)
    parser.add_argument("--wakeups", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    parser.add_argument(
        "--db",
        help="postgresql://... for the PostgreSQL rows (default: a"
        " throwaway server, if PostgreSQL is installed)",
    )
    parser.add_argument("--processes", type=int, default=2, help="relays in the cluster row")
    parser.add_argument("--wrk-seconds", type=float, default=10.0, help="length of each wrk run")
    parser.add_argument("--load-wakeups", type=int, default=300, help="wake-ups timed under load")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        serve_baseline()
        return 0
    if args.db is not None and not args.db.startswith(("postgresql://", "postgres://")):
        parser.error("--db takes a postgresql:// URL (the SQLite rows use a database of their own)")
    if args.processes < 1:
        parser.error("--processes must be at least 1")

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
    wrk_figures, wrk_lines = bench_wrk(args.db, args.processes, args.wrk_seconds, args.load_wakeups)
    for line in wrk_lines:
        print(line, flush=True)
    figures |= wrk_figures
    if args.json:
        print_json(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
