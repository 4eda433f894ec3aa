"""Benchmark and load harness (quality.md, "Speed goals").

    python -m bench.run  --db sqlite|postgres     page timings: median, p95, ratio to a trivial page, queries
    python -m bench.load --db sqlite|postgres     gunicorn (2 workers) under 16 clients: throughput, p95, errors, RSS

Both write JSON to bench/results/ (gitignored). Pages and load mixes are registered in
bench/pages.py and bench/mix.py; apps add theirs in ``<app>/bench.py`` or, split by subject,
``<app>/<subject>/bench.py`` (PAGES / MIX lists), listed in bench/common.py APP_MODULES. See bench/README.md.
"""
