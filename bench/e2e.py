"""End-to-end messaging through a relay on loopback, beside the relay-only floor.

Two profiles (test Argon2 limits, real SQLCipher files) run their background loops in this process;
each message is stored pending, encrypted, sealed, padded, queued, sent, long-polled, unsealed,
decrypted, stored with its session in one transaction and acked (the receiver also sends delivery
receipts back, as the product does). Figures:
- messages/s: `--messages` texts sent back to back until the last is stored at the receiver;
- latency p50/p99: `--latency` texts one at a time, from `send_text` to the receiver's
  MessageAdded event.
Baseline, in the same run and on the same relay (bench/relay.py's send + poll + ack method, one
sender thread): 1 KiB envelopes from a bare RelayClient, and the send-to-woken-poll latency.

Groups (docs/groups.md): one text to a `--group-size` (100) member group, pairwise fan-out, beside
one 1:1 text from the same profile, medians of `--group-rounds` (5) runs each:
- send: `send_text` returning, i.e. stored, encoded once, encrypted, sealed and queued per member
  (99 envelopes) in one transaction, against 1 for the 1:1 text;
- flush: `flush_outbox` handing those envelopes to the relay.

Linked devices (docs/devices.md): one text from Ani's first device to Budi, when both accounts have
two devices (2 envelopes for Budi's devices + 1 sync transcript for Ani's laptop), beside one text
between two single-device accounts (1 envelope); medians of `--group-rounds` runs, send and flush.
Usage: python bench/e2e.py [--json] [--messages N] [--latency N] [--group-size N] [--group-rounds N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from relay import percentiles_ms, print_json  # noqa: E402  (bench/relay.py)

from app.net import RelayClient  # noqa: E402
from app.service.api import MessageAdded  # noqa: E402
from app.service.messenger import Messenger  # noqa: E402
from tests.e2e.support import conversation_id, link_second, make_profile, pair  # noqa: E402
from tests.relay_process import relay_process  # noqa: E402

ENVELOPE = os.urandom(1024)


def bench_messenger(a: Messenger, b: Messenger, count: int, paced: int) -> dict[str, float]:
    arrived: dict[str, float] = {}
    lock = threading.Condition()

    def on_event(event: object) -> None:
        if isinstance(event, MessageAdded) and event.message.direction.value == "in":
            with lock:
                arrived[event.message.body] = time.perf_counter()
                lock.notify_all()

    def wait_for(total: int) -> None:
        with lock:
            if not lock.wait_for(lambda: len(arrived) >= total, timeout=300):
                raise RuntimeError("messages did not arrive")

    b.subscribe(on_event)
    conversation = conversation_id(a, b)
    started = time.perf_counter()
    for n in range(count):
        a.send_text(conversation, f"burst {n}")
    wait_for(count)
    per_second = count / (max(arrived.values()) - started)

    latencies = []
    for n in range(paced):
        sent = time.perf_counter()
        a.send_text(conversation, f"paced {n}")
        wait_for(count + n + 1)
        latencies.append(arrived[f"paced {n}"] - sent)
    p50, p99 = percentiles_ms(latencies)
    return {"msgs_per_s": per_second, "latency_p50_ms": p50, "latency_p99_ms": p99}


def bench_relay_only(url: str, count: int, paced: int) -> dict[str, float]:
    sender = RelayClient(url, os.urandom(32))
    receiver = RelayClient(url, os.urandom(32))
    run = os.urandom(4).hex()
    got = 0
    woken: list[float] = []
    done = threading.Event()

    def receive(total: int) -> None:
        nonlocal got
        while got < total:
            batch = receiver.poll(wait=10)
            receiver.ack([d.envelope_id for d in batch])
            got += len(batch)
            woken.append(time.perf_counter())
        done.set()

    thread = threading.Thread(target=receive, args=(count,))
    started = time.perf_counter()
    thread.start()
    for n in range(count):
        sender.send(receiver.mailbox, ENVELOPE, f"{run}-{n}")
    thread.join()
    per_second = count / (woken[-1] - started)

    latencies = []
    for n in range(paced):
        waiting = threading.Thread(target=receive, args=(got + 1,))
        woken.clear()
        waiting.start()
        time.sleep(0.005)  # let the poll reach the relay, as the messenger's loop already has
        sent = time.perf_counter()
        sender.send(receiver.mailbox, ENVELOPE, f"{run}-p{n}")
        waiting.join()
        latencies.append(woken[-1] - sent)
    p50, p99 = percentiles_ms(latencies)
    return {"msgs_per_s": per_second, "latency_p50_ms": p50, "latency_p99_ms": p99}


def bench_group(folder: Path, url: str, size: int, rounds: int) -> dict[str, float]:
    """The cost of one group text against one 1:1 text (see the module's docstring)."""
    ani = make_profile(folder / "g-ani", "Ani", url)
    members = [make_profile(folder / f"g-{n}", f"Anggota {n}", url) for n in range(size - 1)]
    try:
        for member in members:
            ani.add_contact(member.invite_link())
        ani.flush_outbox()
        group = ani.create_group("Seratus", [m.own_account_id() for m in members])
        ani.flush_outbox()
        direct = conversation_id(ani, members[0])
        figures: dict[str, list[float]] = {k: [] for k in ("group", "direct")}
        flushes: dict[str, list[float]] = {k: [] for k in ("group", "direct")}
        for n in range(rounds):
            for key, conversation in (("group", group.conversation_id), ("direct", direct)):
                started = time.perf_counter()
                ani.send_text(conversation, f"{key} {n}")
                queued = time.perf_counter()
                ani.flush_outbox()
                flushes[key].append(time.perf_counter() - queued)
                figures[key].append(queued - started)
    finally:
        ani.lock()
        for member in members:
            member.lock()

    return {
        "group_send_ms": median_ms(figures["group"]),
        "group_flush_ms": median_ms(flushes["group"]),
        "direct_send_ms": median_ms(figures["direct"]),
        "direct_flush_ms": median_ms(flushes["direct"]),
    }


def bench_devices(folder: Path, url: str, rounds: int) -> dict[str, float]:
    """The cost of one text between two-device accounts against one between single-device ones
    (see the module's docstring)."""
    single = (
        make_profile(folder / "d-cara", "Cara", url),
        make_profile(folder / "d-dedi", "Dedi", url),
    )
    ani, budi = (
        make_profile(folder / "d-ani", "Ani", url),
        make_profile(folder / "d-budi", "Budi", url),
    )
    pair(*single)
    pair(ani, budi)
    laptop, _ = link_second(folder / "d-ani2", url, ani)
    budi_laptop, _ = link_second(folder / "d-budi2", url, budi, "Budi's laptop")
    profiles = [*single, ani, budi, laptop, budi_laptop]
    try:
        for _ in range(2):  # everyone learns the other lists and makes the sessions
            for m in profiles:
                m.sync_once()
        cases = {
            "devices": (ani, conversation_id(ani, budi)),
            "single": (single[0], conversation_id(single[0], single[1])),
        }
        sends: dict[str, list[float]] = {k: [] for k in cases}
        flushes: dict[str, list[float]] = {k: [] for k in cases}
        for n in range(rounds + 1):
            for key, (sender, conversation) in cases.items():
                started = time.perf_counter()
                sender.send_text(conversation, f"{key} {n}")
                queued = time.perf_counter()
                sender.flush_outbox()
                if n:  # the first round makes the sessions
                    sends[key].append(queued - started)
                    flushes[key].append(time.perf_counter() - queued)
    finally:
        for m in profiles:
            m.lock()
    return {
        "devices_send_ms": median_ms(sends["devices"]),
        "devices_flush_ms": median_ms(flushes["devices"]),
        "single_send_ms": median_ms(sends["single"]),
        "single_flush_ms": median_ms(flushes["single"]),
    }


def median_ms(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--latency", type=int, default=100)
    parser.add_argument("--group-size", type=int, default=100, help="0 skips the group figures")
    parser.add_argument("--group-rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        with relay_process(folder, "--mailbox-quota", str(20 * args.messages)) as relay:
            base = bench_relay_only(relay.url, args.messages, args.latency)
            a = make_profile(folder / "a", "Ani", relay.url)
            b = make_profile(folder / "b", "Budi", relay.url)
            pair(a, b)
            a.start()
            b.start()
            try:
                ours = bench_messenger(a, b, args.messages, args.latency)
            finally:
                a.lock()
                b.lock()
            group = (
                bench_group(folder, relay.url, args.group_size, args.group_rounds)
                if args.group_size > 1
                else {}
            )
            devices = bench_devices(folder, relay.url, args.group_rounds)

    figures = {f"relay_only_{k}": v for k, v in base.items()}
    figures |= {f"e2e_{k}": v for k, v in ours.items()}
    figures["msgs_ratio"] = ours["msgs_per_s"] / base["msgs_per_s"]
    figures["latency_p50_ratio"] = ours["latency_p50_ms"] / base["latency_p50_ms"]
    figures["latency_p99_ratio"] = ours["latency_p99_ms"] / base["latency_p99_ms"]
    print(
        f"relay only (send+poll+ack, 1 KiB): {base['msgs_per_s']:7.0f} msgs/s, "
        f"send to woken poll p50 {base['latency_p50_ms']:.2f} ms, "
        f"p99 {base['latency_p99_ms']:.2f} ms"
    )
    print(
        f"end to end (sealed, stored, acked): {ours['msgs_per_s']:7.0f} msgs/s "
        f"= {figures['msgs_ratio']:.0%} of relay only"
    )
    print(
        f"end to end latency send to stored: p50 {ours['latency_p50_ms']:.2f} ms "
        f"({figures['latency_p50_ratio']:.1f}x), p99 {ours['latency_p99_ms']:.2f} ms "
        f"({figures['latency_p99_ratio']:.1f}x)"
    )
    if args.group_size > 1:
        figures |= group
        figures["group_send_ratio"] = group["group_send_ms"] / group["direct_send_ms"]
        figures["group_flush_ratio"] = group["group_flush_ms"] / group["direct_flush_ms"]
        members = args.group_size - 1
        print(
            f"group of {args.group_size}: send (encrypt + queue for {members}) "
            f"{group['group_send_ms']:.1f} ms vs 1:1 {group['direct_send_ms']:.2f} ms "
            f"({figures['group_send_ratio']:.0f}x), flush {group['group_flush_ms']:.1f} ms vs "
            f"{group['direct_flush_ms']:.2f} ms ({figures['group_flush_ratio']:.0f}x)"
        )
    figures |= devices
    figures["devices_send_ratio"] = devices["devices_send_ms"] / devices["single_send_ms"]
    figures["devices_flush_ratio"] = devices["devices_flush_ms"] / devices["single_flush_ms"]
    print(
        f"two devices each side: send (3 envelopes) {devices['devices_send_ms']:.2f} ms vs "
        f"one device {devices['single_send_ms']:.2f} ms ({figures['devices_send_ratio']:.1f}x), "
        f"flush {devices['devices_flush_ms']:.2f} ms vs {devices['single_flush_ms']:.2f} ms "
        f"({figures['devices_flush_ratio']:.1f}x)"
    )
    if args.json:
        print_json(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
