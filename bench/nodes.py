"""Several web nodes on one PostgreSQL and one S3 storage: throughput per node, failover, renders and jobs once.

    python -m bench.nodes                                   # 2 nodes, database qms_scaleout_nodes (recreated)
    python -m bench.nodes --nodes 3 --requests 1200 --database-url postgres://postgres@127.0.0.1:5432/qms_nodes
    python -m bench.nodes --small                           # the CI version (tests/scale/test_nodes.py)

What it starts, all on 127.0.0.1: a local S3 server (``moto_server``, unless ``--s3-endpoint``), N gunicorn
nodes on ports --port, --port+1, … (each --node-workers workers, sessions in the database, files in the
bucket), two task workers (``db_worker``) and one scheduler per node (``run_scheduled --loop``, as when every
node runs one). The database is dropped and created again, migrated and seeded with the demo agencies, whose
23 master PDFs are queued: the two workers render them while the load runs.

Phases (bounded in requests, the whole run in --max-seconds), the same clients and request mix as bench.load
(pages, searches, stamped PDF downloads, POSTs):
  one node     every request to node 1: the baseline of this run
  all nodes    requests alternate between the nodes: throughput per node and in total; ratio = all / one
  failover     alternating again; half-way the last node is killed (SIGKILL to its process group). The
               clients play nginx: a refused connection takes the node out and the request goes to another
               one (nginx's ``proxy_next_upstream error``); only requests in flight on the killed node may fail.
Checks at the end: 0 errors (apart from those in-flight ones), every master rendered exactly once (one render
attempt, one object in the bucket), each daily job run once today by one of the N schedulers, /readyz 200 on
the surviving nodes. Exit status 1 when a check fails.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import signal
import string
import subprocess  # nosec B404 - starts gunicorn, moto_server and manage.py with argument lists
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qms_scaleout_nodes"
BUCKET = "qms-nodes"
CONNECTION_REFUSED = (ConnectionRefusedError,)


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url):
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # nosec B608 - the operator's own name
        conn.execute(f'CREATE DATABASE "{name}"')  # nosec B608


def drop_database(url):
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')  # nosec B608


def get(port, path, headers=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until(condition, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - not up yet (refused, reset, botocore's endpoint errors): ask again
            pass
        time.sleep(0.3)
    raise SystemExit(f"not within {timeout} s: {what}")


class Cluster:
    """The processes of the run; everything is stopped at the end, whatever happened."""

    def __init__(self, env, log_dir):
        self.env = env
        self.log_dir = log_dir
        self.procs = []

    def start(self, name, command):
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        # A session of its own: killing the group takes gunicorn's workers (or a worker's render child) too.
        proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,  # nosec B603
                                start_new_session=True)
        proc.name, proc.log = name, log
        self.procs.append(proc)
        return proc

    def kill(self, proc):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(30)

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)
            proc.log.close()


class Router:
    """Round robin over the nodes that are up; a refused connection takes a node out (nginx's passive check)."""

    def __init__(self, ports):
        self.ports = list(ports)
        self.up = list(ports)
        self.lock = threading.Lock()
        self.turn = itertools.count()

    def pick(self):
        with self.lock:
            if not self.up:
                raise ConnectionError("no node up")
            return self.up[next(self.turn) % len(self.up)]

    def down(self, port):
        with self.lock:
            if port in self.up:
                self.up.remove(port)


def send(port, session, req, ctx):
    headers = {"Host": "127.0.0.1", "User-Agent": "qms-bench-nodes"}
    if not req.anonymous:
        headers["Cookie"] = f"sessionid={session['cookie']}; csrftoken={session['csrf']}"
    body = None
    if req.method == "POST":
        body = urlencode(req.data(ctx) if req.data else {})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = session["csrf"]
        headers.setdefault("Cookie", f"csrftoken={session['csrf']}")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(req.method, req.path(ctx), body=body, headers=headers)
        response = conn.getresponse()
        size = len(response.read())
        return response.status, size
    finally:
        conn.close()


def run_phase(name, plan, sessions, ctx, router, deadline, kill_at=None, on_kill=None):
    """Requests of ``plan`` by one thread per session through ``router``. ``kill_at``: after that many
    requests, ``on_kill()`` runs (in its own thread) and returns the port it stopped."""
    records, lock, queue = [], threading.Lock(), list(reversed(plan))
    killed = {"port": None, "at": None}
    done = itertools.count(1)

    def kill():
        killed["port"] = on_kill()
        killed["at"] = time.monotonic()  # the node is dead: what started before was in flight on it

    def client(session):
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                req = queue.pop()
            for _attempt in range(len(router.ports) + 1):
                port = router.pick()
                started = time.monotonic()
                try:
                    status, size = send(port, session, req, ctx)
                    error = None if status in req.expect else f"HTTP {status}"
                except CONNECTION_REFUSED:
                    router.down(port)  # never reached the node: safe to send elsewhere, even a POST
                    continue
                except Exception as exc:  # noqa: BLE001 - every failure is counted
                    status, size, error = None, 0, f"{type(exc).__name__}: {exc}"
                break
            else:
                port, started, status, size, error = None, time.monotonic(), None, 0, "no node accepted the request"
            elapsed = time.monotonic() - started
            in_flight = (error is not None and port is not None and port == killed["port"]
                         and (killed["at"] is None or started <= killed["at"]))
            with lock:
                records.append({"name": req.name, "port": port, "seconds": elapsed, "status": status,
                                "error": error, "in_flight": in_flight})
            if kill_at is not None and next(done) == kill_at:
                threading.Thread(target=kill, daemon=True).start()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"phase": name, "wall_s": wall, "records": records, "planned": len(plan), "timed_out": bool(queue),
            "killed_port": killed["port"]}


def summarise(phase, ports):
    from bench.common import percentile

    records = phase["records"]
    ok = [r["seconds"] for r in records if r["error"] is None]
    wall = phase["wall_s"] or 1e-9
    per_node = {}
    for port in ports:
        mine = [r for r in records if r["port"] == port]
        if mine:
            per_node[port] = {"requests": len(mine), "throughput_rps": len(mine) / wall,
                              "errors": sum(r["error"] is not None for r in mine)}
    lost = [r for r in records if r["error"] is not None and r["in_flight"]]
    errors = [r for r in records if r["error"] is not None and not r["in_flight"]]
    return {"phase": phase["phase"], "requests": len(records), "planned": phase["planned"],
            "timed_out": phase["timed_out"], "wall_s": round(wall, 2), "throughput_rps": len(records) / wall,
            "median_ms": percentile(ok, 0.5) * 1000 if ok else None,
            "p95_ms": percentile(ok, 0.95) * 1000 if ok else None, "per_node": per_node,
            "errors": len(errors), "in_flight_lost": len(lost), "killed_port": phase.get("killed_port"),
            "error_samples": sorted({f"{r['name']}@{r['port']}: {r['error']}" for r in errors})[:10]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--node-workers", type=int, default=1, help="gunicorn workers per node")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_NODES_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8204")))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=600, help="requests of each phase")
    parser.add_argument("--max-seconds", type=int, default=900, help="hard bound for the whole run")
    parser.add_argument("--s3-endpoint", help="an S3 server already running (else moto_server is started)")
    parser.add_argument("--small", action="store_true", help="the CI version: 120 requests a phase, 6 clients")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    if args.nodes < 2:
        parser.error("--nodes must be at least 2 (one is stopped during the run)")
    if args.small:
        args.requests, args.clients = min(args.requests, 120), min(args.clients, 6)
    if not args.database_url.startswith("postgres"):
        parser.error("several nodes share one PostgreSQL: --database-url postgres://…")
    log_dir = ROOT / "var" / "bench-nodes"
    log_dir.mkdir(parents=True, exist_ok=True)
    run_started = time.monotonic()
    deadline = run_started + args.max_seconds

    moto = None
    endpoint = args.s3_endpoint
    if not endpoint:
        moto_port = free_port()
        moto_log = open(log_dir / "moto.log", "wb")  # noqa: SIM115
        moto = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1",  # nosec B603
                                 "-p", str(moto_port)], stdout=moto_log, stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{moto_port}"
    s3_env = {"MEDIA_STORAGE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": BUCKET, "S3_REGION": "us-east-1",
              "S3_ACCESS_KEY_ID": "qms-bench", "S3_SECRET_ACCESS_KEY": "qms-bench-secret",  # nosec B105 - local
              "S3_PREFIX": "", "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    os.environ.update(s3_env)
    cluster = None
    try:
        import boto3

        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="qms-bench",
                          aws_secret_access_key="qms-bench-secret")  # nosec B106 - the local test server's key
        wait_until(lambda: s3.list_buckets() is not None, 30, "the S3 server answers")
        if BUCKET not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
            s3.create_bucket(Bucket=BUCKET)
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            for obj in page.get("Contents", []):
                s3.delete_object(Bucket=BUCKET, Key=obj["Key"])

        recreate_database(args.database_url)
        from bench import common

        env = {**os.environ, **common.configure("postgres", args.database_url), **s3_env,
               "PYTHONWARNINGS": "ignore:No directory at:UserWarning"}
        common.prepare("demo", stdout=open(os.devnull, "w"))
        result = run(args, env, log_dir, s3, deadline, clusters := [])
        cluster = clusters[0] if clusters else None
    finally:
        if cluster is not None:
            cluster.stop()
        if moto is not None:
            moto.terminate()
            moto.wait(10)
        if not args.keep_database:
            from django.conf import settings

            if settings.configured:
                from django.db import connections

                connections.close_all()
            drop_database(args.database_url)
    result["total_seconds"] = round(time.monotonic() - run_started, 1)
    report(result)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
        print(f"JSON: {args.json}")
    return 0 if all(result["checks"].values()) else 1


def run(args, env, log_dir, s3, deadline, clusters):
    from django.db import connections
    from django.test import Client

    from bench import common
    from bench.mix import MIX
    from bench.pages import Context
    from processes.copies.models import MasterPDF

    mix = MIX + common.load_app_modules("MIX")
    user = common.bench_user()
    ctx = Context(user=user, agency=user.agency)
    for req in mix:
        if req.setup:
            req.setup(ctx)  # renders the downloaded revision's master here, before any worker runs
    rng = random.Random(19)
    alphabet = string.ascii_letters + string.digits
    sessions = []
    for _ in range(args.clients):
        client = Client()
        client.force_login(user)  # a session row in the database: valid on every node
        sessions.append({"cookie": client.cookies["sessionid"].value,
                         "csrf": "".join(rng.choice(alphabet) for _ in range(32))})
    masters = list(MasterPDF.objects.values_list("pk", flat=True))
    attempts_before = dict(MasterPDF.objects.values_list("pk", "attempts"))
    connections.close_all()

    cluster = Cluster(env, log_dir)
    clusters.append(cluster)
    ports = [args.port + i for i in range(args.nodes)]
    nodes = [cluster.start(f"node{i + 1}", [sys.executable, "-m", "gunicorn", "qms.wsgi:application",
                                            "--workers", str(args.node_workers), "--bind", f"127.0.0.1:{port}",
                                            "--log-level", "warning", "--timeout", "120"])
             for i, port in enumerate(ports)]
    manage = [sys.executable, "manage.py"]
    for i in range(2):
        cluster.start(f"worker{i + 1}", [*manage, "db_worker", "--queue-name", "*", "--no-reload",
                                         "--no-startup-delay", "--interval", "0.5"])
    for i in range(args.nodes):  # one scheduler per node, as when every node's service file starts one
        cluster.start(f"scheduler{i + 1}", [*manage, "run_scheduled", "--loop", "--interval", "30",
                                            "--watch-interval", "5"])
    for port in ports:
        wait_until(lambda port=port: get(port, "/healthz")[0] == 200, 90, f"node on port {port} answers /healthz")

    weights = [r.weight for r in mix]
    plan = lambda: rng.choices(mix, weights=weights, k=args.requests)  # noqa: E731
    run_phase("warm-up", rng.choices(mix, weights=weights, k=args.clients * 3 * args.nodes), sessions, ctx,
              Router(ports), deadline)
    one = run_phase("one node", plan(), sessions, ctx, Router(ports[:1]), deadline)
    every = run_phase("all nodes", plan(), sessions, ctx, Router(ports), deadline)
    victim = nodes[-1]

    def stop_last_node():
        cluster.kill(victim)
        return ports[-1]

    failover = run_phase("failover", plan(), sessions, ctx, Router(ports), deadline,
                         kill_at=args.requests // 2, on_kill=stop_last_node)

    # The workers finish the queue (the 23 demo masters and anything the load queued).
    from django_tasks_db.models import DBTaskResult

    def queue_empty():
        connections.close_all()
        busy = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        pending = MasterPDF.objects.exclude(status=MasterPDF.Status.DONE).count()
        return busy == 0 and pending == 0

    drained = True
    try:
        wait_until(queue_empty, max(10, deadline - time.monotonic()), "the task queue drains")
    except SystemExit:
        drained = False
    ready = {port: get(port, "/readyz")[0] for port in ports[:-1]}
    return collect(args, ports, [one, every, failover], masters, attempts_before, s3, ready, drained)


def collect(args, ports, phases, masters, attempts_before, s3, ready, drained):
    from django.db import connections
    from django.utils import timezone

    from processes.copies.models import MasterPDF
    from qms.core.models import JobRun
    from qms.core.subjects import daily_jobs

    connections.close_all()
    one, every, failover = (summarise(p, ports) for p in phases)
    rows = list(MasterPDF.objects.filter(pk__in=masters).values_list("pk", "attempts", "status", "file"))
    # Rendered during the run: one attempt more than before, exactly; the setup's own render counted before.
    renders = {pk: attempts - attempts_before.get(pk, 0) for pk, attempts, _status, _file in rows}
    rendered_here = {pk: n for pk, n in renders.items() if attempts_before.get(pk, 0) == 0}
    objects = [obj["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
               for obj in page.get("Contents", [])]
    master_objects = [key for key in objects if key.startswith("pdf/masters/")]
    today = timezone.localdate()
    labels = sorted(f"{job.__module__}.{job.__name__}" for job in daily_jobs())
    runs = list(JobRun.objects.filter(day=today).values_list("job", "status", "attempts"))
    one_rps = one["throughput_rps"]
    result = {
        "kind": "nodes", "args": vars(args), "ports": ports,
        "phases": [one, every, failover],
        "ratio_all_to_one": every["throughput_rps"] / one_rps if one_rps else None,
        "masters": len(rows), "renders_per_master": sorted(set(rendered_here.values())),
        "master_files_in_bucket": len(master_objects), "bucket_objects": len(objects),
        "job_runs_today": runs, "ready_after_failover": ready,
    }
    result["checks"] = {
        "0 errors (all phases, apart from in-flight requests of the stopped node)":
            one["errors"] + every["errors"] + failover["errors"] == 0,
        "in-flight losses ≤ clients": failover["in_flight_lost"] <= args.clients,
        "no phase stopped by --max-seconds": not any(p["timed_out"] for p in (one, every, failover)),
        "queue drained": drained,
        "every master done and rendered once": drained and all(s == "done" for _pk, _a, s, _f in rows)
            and set(rendered_here.values()) <= {1},
        "one stored file per master": len({f for _pk, _a, _s, f in rows if f}) == len(rows) == len(master_objects),
        "each daily job run once today": sorted(j for j, _s, _a in runs) == labels
            and all((s, a) == ("done", 1) for _j, s, a in runs),
        "surviving nodes ready": all(status == 200 for status in ready.values()),
    }
    return result


def report(result):
    print(f"\nbench.nodes: {len(result['ports'])} nodes × {result['args']['node_workers']} gunicorn worker(s), "
          f"2 task workers, {len(result['ports'])} schedulers, {result['args']['clients']} clients, PostgreSQL + S3")
    print(f"{'phase':<11}{'requests':>9}{'errors':>8}{'lost':>6}{'req/s':>8}{'median ms':>11}{'p95 ms':>9}"
          f"{'wall s':>8}  per node (req/s)")
    for p in result["phases"]:
        med = f"{p['median_ms']:.0f}" if p["median_ms"] is not None else "-"
        p95 = f"{p['p95_ms']:.0f}" if p["p95_ms"] is not None else "-"
        nodes = ", ".join(f"{port}: {n['throughput_rps']:.1f}" for port, n in p["per_node"].items())
        print(f"{p['phase']:<11}{p['requests']:>9}{p['errors']:>8}{p['in_flight_lost']:>6}{p['throughput_rps']:>8.1f}"
              f"{med:>11}{p95:>9}{p['wall_s']:>8.1f}  {nodes}")
    ratio = result["ratio_all_to_one"]
    print(f"\nthroughput all nodes / one node = {ratio:.2f}" if ratio else "\nno throughput measured")
    print(f"masters: {result['masters']}, renders per master during the run: {result['renders_per_master']}, "
          f"master files in the bucket: {result['master_files_in_bucket']}")
    print(f"daily jobs run today: {len(result['job_runs_today'])} rows, "
          f"{sorted({(s, a) for _j, s, a in result['job_runs_today']})} (status, attempts)")
    for p in result["phases"]:
        for sample in p["error_samples"]:
            print("error:", sample)
    print("checks: " + "; ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in result["checks"].items()))
    print(f"total {result.get('total_seconds')} s")


if __name__ == "__main__":
    sys.exit(main())
