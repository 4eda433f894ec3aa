"""bin/security scans every first-party Python file (security review, issue 14: bench/ was left out).

The places are discovered from the tree, so a new top-level package, script or Python tool in bin/
that the gate does not cover fails here instead of going unscanned.
"""

import json
import shlex
import subprocess  # nosec B404 - runs bandit with an argument list
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Not first-party code: tests (bandit's config excludes them on purpose), environments, data, assets.
NOT_CODE = {"tests", "var", "node_modules", "staticfiles", "static", "templates", "locale"}


def bandit_targets():
    """The paths after ``-r`` on bin/security's bandit line."""
    lines = [line for line in (ROOT / "bin" / "security").read_text().splitlines()
             if "bandit" in line and " -r " in line and not line.lstrip().startswith("#")]
    assert len(lines) == 1, lines
    args = shlex.split(lines[0])
    targets = []
    for arg in args[args.index("-r") + 1:]:
        if arg.startswith("-"):
            break
        targets.append(arg)
    return targets


def python_places():
    """Top-level folders holding Python, top-level Python files and Python scripts in bin/."""
    places = set()
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in NOT_CODE:
            continue
        if entry.is_dir() and entry.name != "bin" and any(entry.rglob("*.py")):
            places.add(entry.name)
        elif entry.is_file() and entry.suffix == ".py":
            places.add(entry.name)
    for script in (ROOT / "bin").iterdir():
        first = script.read_text(errors="replace").split("\n", 1)[0] if script.is_file() else ""
        if script.suffix == ".py" or "python" in first:
            places.add(f"bin/{script.name}")
    return places


def _covered(place, targets):
    return any(place == t or place.startswith(t.rstrip("/") + "/") for t in targets)


def test_bandit_line_covers_every_python_place():
    targets = bandit_targets()
    assert {"qms", "processes", "audits", "bench"} <= set(targets)
    assert sorted(p for p in python_places() if not _covered(p, targets)) == []


def test_bandit_really_scans_every_first_party_file():
    # The configuration's exclude_dirs must not drop a target's files either (only migrations).
    targets = bandit_targets()
    result = subprocess.run(  # nosec B603 - fixed argument list
        [sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", *targets, "-f", "json", "-q", "--exit-zero"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    scanned = {Path(name).as_posix() for name in json.loads(result.stdout)["metrics"] if name != "_totals"}
    expected = set()
    for target in targets:
        path = ROOT / target
        files = [path] if path.is_file() else path.rglob("*.py")
        expected |= {f.relative_to(ROOT).as_posix() for f in files if "migrations" not in f.parts}
    assert "bench/load.py" in expected
    assert sorted(expected - scanned) == []
