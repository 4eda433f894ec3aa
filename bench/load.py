"""Bounded load run: gunicorn with 2 workers on 127.0.0.1, 16 concurrent clients.

    python -m bench.load --db sqlite                     # var/bench.sqlite3, port 8104
    python -m bench.load --db postgres --requests 2000 --clients 16 --port 8104

Phases (each bounded in requests, the whole run in --max-seconds):
  warm-up     a few mixed requests per client, then the workers' RSS is read (/proc/<pid>/status VmRSS)
  trivial     only the trivial logged-in page: the throughput baseline of this run
  list        only "list" entries of the mix: throughput as a share of the trivial page's (goal ≥ 40%)
  mixed       --requests of the weighted mix (browse, search, download, submit): p95, errors (goal 0)
After the mixed phase the RSS is read again: growth per worker (goal ≤ 50 MB over 2,000 requests).

Plain threads and http.client, no external load tool; 127.0.0.1 only. Sessions are created in the
database beforehand (no login traffic, no lock-outs); POSTs carry a CSRF cookie and header.
"""

import argparse
import http.client
import os
import random
import signal
import string
import subprocess  # nosec B404 - starts gunicorn with an argument list
import sys
import threading
import time
from urllib.parse import urlencode


def worker_pids(master_pid):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            pids.append(int(entry))
    return sorted(pids)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Session:
    def __init__(self, port, cookie, csrf):
        self.port = port
        self.cookie = cookie
        self.csrf = csrf

    def request(self, req, ctx):
        headers = {"Host": "127.0.0.1", "User-Agent": "qms-bench-load"}
        if not req.anonymous:
            headers["Cookie"] = f"sessionid={self.cookie}; csrftoken={self.csrf}"
        body = None
        if req.method == "POST":
            body = urlencode(req.data(ctx) if req.data else {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
            headers["Cookie"] = headers.get("Cookie", f"csrftoken={self.csrf}")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        try:
            conn.request(req.method, req.path(ctx), body=body, headers=headers)
            response = conn.getresponse()
            size = len(response.read())
            status = response.status
        finally:
            conn.close()
        return time.perf_counter() - start, status, size


def run_phase(name, plan, sessions, ctx, deadline):
    """Run the planned requests with one thread per session; returns per-request records."""
    records = []
    lock = threading.Lock()
    queue = list(reversed(plan))

    def client(session):
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                req = queue.pop()
            try:
                elapsed, status, size = session.request(req, ctx)
                error = None if status in req.expect else f"HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - every failure is counted as an error
                elapsed, status, size, error = 0.0, None, 0, f"{type(exc).__name__}: {exc}"
            with lock:
                records.append((req.name, req.group, elapsed, status, size, error))

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"phase": name, "wall_s": wall, "planned": len(plan), "records": records, "timed_out": bool(queue)}


def describe(phase):
    from bench.common import percentile

    times = [r[2] for r in phase["records"] if r[5] is None]
    errors = [r for r in phase["records"] if r[5] is not None]
    done = len(phase["records"])
    out = {
        "phase": phase["phase"],
        "requests": done,
        "planned": phase["planned"],
        "timed_out": phase["timed_out"],
        "wall_s": round(phase["wall_s"], 2),
        "throughput_rps": done / phase["wall_s"] if phase["wall_s"] else 0.0,
        "median_ms": percentile(times, 0.5) * 1000 if times else None,
        "p95_ms": percentile(times, 0.95) * 1000 if times else None,
        "errors": len(errors),
        "error_samples": sorted({f"{r[0]}: {r[5]}" for r in errors})[:10],
        "by_request": {},
    }
    for name in sorted({r[0] for r in phase["records"]}):
        rows = [r for r in phase["records"] if r[0] == name]
        ok = [r[2] for r in rows if r[5] is None]
        out["by_request"][name] = {
            "count": len(rows),
            "errors": len(rows) - len(ok),
            "median_ms": percentile(ok, 0.5) * 1000 if ok else None,
            "p95_ms": percentile(ok, 0.95) * 1000 if ok else None,
            "bytes": max((r[4] for r in rows), default=0),
        }
    return out


def _merge(parts):
    return {
        "phase": parts[0]["phase"],
        "wall_s": sum(p["wall_s"] for p in parts),
        "planned": sum(p["planned"] for p in parts),
        "records": [r for p in parts for r in p["records"]],
        "timed_out": any(p["timed_out"] for p in parts),
    }


def weighted_plan(entries, count, rng):
    weights = [e.weight for e in entries]
    return rng.choices(entries, weights=weights, k=count)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8104")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="requests of the mixed phase")
    parser.add_argument("--phase-requests", type=int, default=400, help="requests of the trivial and list phases")
    parser.add_argument("--max-seconds", type=int, default=600, help="hard bound for the whole run")
    parser.add_argument("--user")
    parser.add_argument("--seed", choices=["auto", "demo", "none"], default="auto")
    parser.add_argument("--json")
    args = parser.parse_args(argv)

    from bench import common

    env = common.configure(args.db, args.database_url)
    common.prepare(args.seed)

    from django.test import Client

    from bench.mix import MIX, TRIVIAL
    from bench.pages import Context

    mix = MIX + common.load_app_modules("MIX")
    user = common.bench_user(args.user)
    ctx = Context(user=user, agency=user.agency)
    for req in mix:
        if req.setup:
            req.setup(ctx)
    sessions = []
    alphabet = string.ascii_letters + string.digits
    rng = random.Random(11)
    for _ in range(args.clients):
        client = Client()
        client.force_login(user)
        csrf = "".join(rng.choice(alphabet) for _ in range(32))
        sessions.append(Session(args.port, client.cookies["sessionid"].value, csrf))
    from django.db import connections

    connections.close_all()

    command = [
        sys.executable, "-m", "gunicorn", "qms.wsgi:application",
        "--workers", str(args.workers), "--bind", f"127.0.0.1:{args.port}",
        "--log-level", "warning", "--timeout", "120", "--max-requests", "0",
    ]
    server_env = {**os.environ, **env, "PYTHONWARNINGS": "ignore:No directory at:UserWarning"}
    server = subprocess.Popen(command, cwd=common.ROOT, env=server_env)  # nosec B603
    deadline = time.monotonic() + args.max_seconds
    try:
        _wait_for(args.port, server)
        workers = worker_pids(server.pid)
        warm = run_phase("warm-up", weighted_plan(mix, args.clients * 5, rng), sessions, ctx, deadline)
        rss_start = {pid: rss_mb(pid) for pid in workers}
        # Trivial and list phases alternate in halves, so that a drift of the machine's load
        # (other people's work on shared cores) falls on both alike.
        lists = [r for r in mix if r.group == "list"]
        half = max(1, args.phase_requests // 2)
        chunks = {"trivial": [], "list": []}
        for _ in range(2):
            chunks["trivial"].append(run_phase("trivial", [TRIVIAL] * half, sessions, ctx, deadline))
            if lists:
                chunks["list"].append(run_phase("list", weighted_plan(lists, half, rng), sessions, ctx, deadline))
        trivial = _merge(chunks["trivial"])
        list_phase = _merge(chunks["list"]) if lists else None
        mixed = run_phase("mixed", weighted_plan(mix, args.requests, rng), sessions, ctx, deadline)
        rss_end = {pid: rss_mb(pid) for pid in workers}
        workers_after = worker_pids(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    phases = [describe(p) for p in (warm, trivial, list_phase, mixed) if p]
    by_name = {p["phase"]: p for p in phases}
    trivial_rps = by_name["trivial"]["throughput_rps"]
    list_share = by_name["list"]["throughput_rps"] / trivial_rps if "list" in by_name and trivial_rps else None
    mixed_share = by_name["mixed"]["throughput_rps"] / trivial_rps if trivial_rps else None
    growth = {pid: (rss_end[pid] - rss_start[pid]) if rss_end.get(pid) and rss_start.get(pid) else None for pid in workers}
    errors = sum(p["errors"] for p in phases if p["phase"] != "warm-up")
    result = {
        "kind": "load",
        "args": vars(args),
        "environment": common.environment(),
        "phases": phases,
        "list_throughput_share": list_share,
        "mixed_throughput_share": mixed_share,
        "workers": workers,
        "workers_replaced": workers != workers_after,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "rss_growth_mb": growth,
        "errors": errors,
        "goals": {
            "errors == 0": errors == 0,
            "list throughput ≥ 40% of trivial": None if list_share is None else list_share >= 0.40,
            "worker RSS growth ≤ 50 MB": all(g is not None and g <= 50 for g in growth.values()),
        },
    }
    env_info = result["environment"]
    print(f"\nbench.load on {env_info['database']} ({env_info['database_name']}): gunicorn {args.workers} workers, "
          f"{args.clients} clients, 127.0.0.1:{args.port}")
    print(f"{'phase':<10}{'requests':>9}{'errors':>8}{'req/s':>9}{'median ms':>11}{'p95 ms':>9}{'wall s':>8}")
    for p in phases:
        med = f"{p['median_ms']:.1f}" if p["median_ms"] is not None else "-"
        p95 = f"{p['p95_ms']:.1f}" if p["p95_ms"] is not None else "-"
        print(f"{p['phase']:<10}{p['requests']:>9}{p['errors']:>8}{p['throughput_rps']:>9.1f}{med:>11}{p95:>9}{p['wall_s']:>8.1f}"
              + ("  (stopped by --max-seconds)" if p["timed_out"] else ""))
    print("\nmixed phase by request:")
    for name, r in by_name["mixed"]["by_request"].items():
        med = f"{r['median_ms']:.1f}" if r["median_ms"] is not None else "-"
        p95 = f"{r['p95_ms']:.1f}" if r["p95_ms"] is not None else "-"
        print(f"  {name:<26}{r['count']:>6} req {r['errors']:>4} err  median {med:>7} ms  p95 {p95:>7} ms")
    if list_share is not None:
        print(f"\nlist throughput = {list_share:.0%} of the trivial page (goal ≥ 40%)")
    print(f"mixed throughput = {mixed_share:.0%} of the trivial page")
    for pid in workers:
        print(f"worker {pid}: RSS {rss_start[pid]:.1f} → {rss_end[pid] or 0:.1f} MB (growth {growth[pid] if growth[pid] is not None else float('nan'):+.1f} MB, goal ≤ 50)")
    if result["workers_replaced"]:
        print("WARNING: gunicorn replaced a worker during the run (crash or timeout).")
    for sample in sum((p["error_samples"] for p in phases), []):
        print("error:", sample)
    print("goals: " + ", ".join(f"{k}: {'ok' if v else ('-' if v is None else 'MISSED')}" for k, v in result["goals"].items()))
    if args.json:
        import json
        from pathlib import Path

        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
        print(f"JSON: {args.json}")
    else:
        print(f"JSON: {common.write_result('load', args.db, result)}")
    return 1 if errors else 0


def _wait_for(port, server, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/dang-nhap/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port} within {timeout}s")


if __name__ == "__main__":
    sys.exit(main())
