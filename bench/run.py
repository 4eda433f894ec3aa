"""Time pages side by side with a trivial page, in one process, against a chosen database.

    python -m bench.run --db sqlite                 # var/bench.sqlite3 (created, migrated, seeded if empty)
    python -m bench.run --db postgres               # postgres://postgres@127.0.0.1:5432/qms_bench
    python -m bench.run --db sqlite --database-url sqlite:////tmp/scale.sqlite3 --iterations 50 --only my_work

Requests are interleaved (one of each page per round, in a shuffled order) so that machine noise
hits every page alike; ratios are medians over the trivial page's median measured in the same run.
A test never asserts a time: this prints figures and goal verdicts and writes JSON to bench/results/.
"""

import argparse
import random
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="override the default database for --db")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="comma-separated page names (the baseline is always measured)")
    parser.add_argument("--user", help="username to log in as (default: first coordinator)")
    parser.add_argument("--seed", choices=["auto", "demo", "none"], default="auto")
    parser.add_argument("--json", help="write the JSON here instead of bench/results/")
    args = parser.parse_args(argv)

    from bench import common

    common.configure(args.db, args.database_url)
    common.prepare(args.seed)

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import PAGES, Context

    pages = PAGES + common.load_app_modules("PAGES")
    if args.only:
        wanted = set(args.only.split(","))
        pages = [p for p in pages if p.name in wanted or p.name == "trivial" or any(p.name == q.relative_to for q in pages if q.name in wanted)]
    names = [p.name for p in pages]
    assert len(names) == len(set(names)), "bench page names must be unique"

    user = common.bench_user(args.user)
    ctx = Context(user=user, agency=user.agency)
    logged_in, anonymous = Client(), Client()
    logged_in.force_login(user)
    for page in pages:
        if page.setup:
            page.setup(ctx)
    paths = {p.name: p.path(ctx) for p in pages if p.path}
    clients = {}  # a page's own user (another role): one logged-in client each
    for page in pages:
        if page.user and page.path:
            clients[page.name] = Client()
            clients[page.name].force_login(page.user(ctx))

    def once(page):
        if page.call:
            start = time.perf_counter()
            page.call(ctx)
            return time.perf_counter() - start, None
        client = anonymous if page.anonymous else clients.get(page.name, logged_in)
        start = time.perf_counter()
        response = client.get(paths[page.name], headers=page.headers(ctx) if page.headers else None)
        elapsed = time.perf_counter() - start
        if response.status_code != page.expect_status:
            return elapsed, f"HTTP {response.status_code}"
        if hasattr(response, "streaming_content"):
            for _ in response.streaming_content:
                pass
            elapsed = time.perf_counter() - start
        return elapsed, None

    # Query counts: one request per page, captured.
    queries = {}
    for page in pages:
        if page.path:
            with CaptureQueriesContext(connection) as captured:
                once(page)
            queries[page.name] = len(captured.captured_queries)
    reset_queries()

    for _ in range(args.warmup):
        for page in pages:
            once(page)
    timings = {p.name: [] for p in pages}
    errors = {p.name: [] for p in pages}
    rng = random.Random(7)
    started = time.perf_counter()
    for _ in range(args.iterations):
        order = pages[:]
        rng.shuffle(order)
        for page in order:
            elapsed, error = once(page)
            timings[page.name].append(elapsed)
            if error:
                errors[page.name].append(error)
    wall = time.perf_counter() - started

    rows = []
    stats = {name: common.summary(values) for name, values in timings.items()}
    for page in pages:
        s = stats[page.name]
        base = stats.get(page.relative_to)
        ratio = s["median_ms"] / base["median_ms"] if base and page.name != page.relative_to else None
        verdicts = []
        if page.goal_ratio is not None and ratio is not None:
            verdicts.append(ratio <= page.goal_ratio)
        if page.goal_ratio_min is not None and ratio is not None:
            verdicts.append(ratio >= page.goal_ratio_min)
        if page.goal_p95_ms is not None:
            verdicts.append(s["p95_ms"] <= page.goal_p95_ms)
        if page.max_queries is not None and page.name in queries:
            verdicts.append(queries[page.name] <= page.max_queries)
        if errors[page.name]:
            verdicts.append(False)
        rows.append(
            {
                "name": page.name,
                "kind": page.kind,
                **s,
                "ratio": ratio,
                "relative_to": page.relative_to,
                "goal_ratio": page.goal_ratio,
                "goal_ratio_min": page.goal_ratio_min,
                "goal_p95_ms": page.goal_p95_ms,
                "queries": queries.get(page.name),
                "max_queries": page.max_queries,
                "errors": errors[page.name][:5],
                "error_count": len(errors[page.name]),
                "verdict": None if not verdicts else ("ok" if all(verdicts) else "MISSED"),
                "note": page.note,
            }
        )

    env = common.environment()
    print(f"\nbench.run on {env['database']} ({env['database_name']}), {args.iterations} rounds, {wall:.1f} s, user {user.username}")
    print("rows: " + ", ".join(f"{k}={v}" for k, v in env["rows"].items()))
    header = f"{'page':<28}{'kind':<10}{'median ms':>10}{'p95 ms':>9}{'ratio':>8}{'goal':>8}{'queries':>9}  verdict"
    print(header)
    print("-" * len(header))
    for r in rows:
        goal = f"≤{r['goal_ratio']:g}×" if r["goal_ratio"] else (f"≥{r['goal_ratio_min']:g}×" if r["goal_ratio_min"] else "")
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "1×" if r["name"] == "trivial" else ""
        q = "" if r["queries"] is None else f"{r['queries']}" + (f"/{r['max_queries']}" if r["max_queries"] else "")
        print(
            f"{r['name']:<28}{r['kind']:<10}{r['median_ms']:>10.2f}{r['p95_ms']:>9.2f}{ratio:>8}{goal:>8}{q:>9}  "
            f"{r['verdict'] or ''}{' ' + str(r['errors']) if r['errors'] else ''}"
        )
    payload = {"kind": "pages", "args": vars(args), "environment": env, "pages": rows}
    if args.json:
        import json
        from pathlib import Path

        Path(args.json).write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str))
        print(f"\nJSON: {args.json}")
    else:
        print(f"\nJSON: {common.write_result('pages', args.db, payload)}")
    return 1 if any(r["error_count"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
