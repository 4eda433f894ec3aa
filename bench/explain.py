"""Show what one page costs: every SQL query with its time, and the time spent outside the database.

    python -m bench.explain /tai-lieu/ --database-url sqlite:////path/scale.sqlite3
    python -m bench.explain /tai-lieu/?q=cai+cach --db postgres --user hk-0000 --plan

The tool for tuning a page the benchmark flags: it prints the queries slowest first (with --plan,
the database's query plan of the slowest ones) so one can see whether time goes to SQL or to Python
and templates.
"""

import argparse
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url")
    parser.add_argument("--user", help="username (default: first coordinator)")
    parser.add_argument("--repeat", type=int, default=5, help="requests to time after a warm-up")
    parser.add_argument("--plan", action="store_true", help="print the plan of the three slowest queries")
    args = parser.parse_args(argv)

    from bench import common

    common.configure(args.db, args.database_url)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = common.bench_user(args.user)
    client = Client()
    client.force_login(user)
    client.get(args.path)  # warm caches (templates, translations, the session)
    totals = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        response = client.get(args.path)
        totals.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(args.path)
        total = time.perf_counter() - start
    queries = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
    sql_time = sum(t for t, _ in queries)
    totals.sort()
    print(f"{args.path} as {user.username}: HTTP {response.status_code}, {len(response.content)} bytes")
    print(f"median of {args.repeat}: {totals[len(totals) // 2] * 1000:.1f} ms; captured request {total * 1000:.1f} ms, "
          f"{len(queries)} queries, {sql_time * 1000:.1f} ms in SQL, {(total - sql_time) * 1000:.1f} ms elsewhere")
    for seconds, sql in sorted(queries, reverse=True):
        print(f"{seconds * 1000:8.1f} ms  {sql[:400]}")
    if args.plan:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
        with connection.cursor() as cursor:
            for _, sql in sorted(queries, reverse=True)[:3]:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                # The captured SQL has its parameters interpolated for display: good enough for a plan
                # on the operator's own database, never run on user input.
                cursor.execute(prefix + sql)  # nosec B608
                print("\n" + sql[:200])
                for row in cursor.fetchall():
                    print("   ", " ".join(str(c) for c in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
