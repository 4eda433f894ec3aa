"""The architecture of ARCHITECTURE.md, read from the code: every module's imports (at the top and
inside functions) are parsed with ``ast`` and the rules below fail with the offending chain.

- no import cycle between modules;
- the core (``qms``) imports no app module;
- subjects depend one way: core ← documents ← copies; core ← documents ← capa ← internal, feedback
  (``ALLOWED``), and nothing but Django and old migrations imports an app's ``models.py`` gatherer;
- no module over 500 lines outside migrations and tests;
- no file named with a subject suffix (``views_nc.py``, ``services_pdf.py``…): a subject is a package
  (test files are named after the behaviour they test and are exempt).

The checks run on the project and, in the ``*_is_caught`` tests, on small trees made here, so each
rule is shown to fail when broken.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("qms", "processes", "audits", "quality", "cases", "api", "bench")  # first-party top-level packages that are checked
APPS = ("processes", "audits", "quality", "cases", "api")  # apps the core must not import
MAX_LINES = 500
SUFFIXED = re.compile(r"_(nc|audit|pdf|feedback)\.py$")

# Subject → the subjects it may import (besides itself and the core, which every subject may use).
# The app-level wiring (apps.py, urls.py, models.py, templatetags) joins its subjects and is exempt.
ALLOWED = {
    "processes.documents": set(),
    "processes.copies": {"processes.documents"},
    "audits.capa": {"processes.documents"},
    "audits.internal": {"processes.documents", "audits.capa"},
    "audits.feedback": {"processes.documents", "audits.capa"},
    "processes.public": {"processes.documents", "processes.copies"},
    # Objectives compute indicators from the records of every subject; the review compiles them; the
    # dashboards show both (issue 15).
    "quality.objectives": {"processes.documents", "processes.copies", "audits.capa", "audits.internal",
                           "audits.feedback", "cases.figures"},
    # A review under ISO 9001:2015 also reads the context, interested parties and risks (9.3.2 b, e).
    "quality.review": {"processes.documents", "processes.copies", "audits.capa", "audits.internal",
                       "audits.feedback", "quality.objectives", "cases.figures", "quality.context", "quality.risks"},
    "quality.dashboards": {"processes.documents", "processes.copies", "audits.capa", "audits.internal",
                           "audits.feedback", "quality.objectives", "quality.review"},
    # The yearly report freezes the overview's and the dashboard's figures.
    "quality.reports": {"processes.documents", "processes.copies", "audits.capa", "audits.internal",
                        "audits.feedback", "quality.objectives", "quality.review", "quality.dashboards"},
    # One-stop files are received under the procedures (documents); late files and ratings will become NCs and
    # feedback (issue 16), so the later pieces may read capa and feedback.
    # The 2015 records (issue 18): the agency's context and interested parties.
    "quality.context": set(),
    "quality.risks": set(),
    # The transition view reads the 2015 records (the objectives' plans among them) and the procedures, and makes
    # the transition audit's checklist.
    "quality.transition": {"quality.context", "quality.risks", "quality.objectives", "processes.documents",
                           "audits.internal"},
    "cases.files": {"processes.documents", "audits.capa", "audits.feedback"},
    "cases.late": {"cases.files", "audits.capa", "audits.feedback"},
    # The monthly figures of one-stop files; the quality objectives and the management review read them. Its
    # summary tables are kept by the files' services through cases/files/hooks.py, so files never imports it.
    "cases.figures": {"cases.files", "processes.documents"},
    # The forms and exports print files; the status page reads them (and counts lookups as feedback counts its
    # submissions); retention erases their applicants. Each reads files, none another.
    "cases.slips": {"cases.files"},
    "cases.public": {"cases.files", "audits.feedback"},
    "cases.privacy": {"cases.files"},
    # The JSON API (issue 17) reads and acts through every subject's own access and service functions; no
    # subject imports it. Its tokens depend on the core only.
    "api.tokens": set(),
    "api.v1": {"api.tokens", "processes.documents", "processes.copies", "processes.public", "audits.capa", "cases.files",
               "cases.public", "audits.internal", "audits.feedback", "quality.objectives"},
}
# Subjects that own no table: they read other subjects' models (the front door reads documents and copies).
NO_MODELS = {"processes.public", "quality.dashboards", "api.v1", "cases.late", "cases.slips",
             "cases.privacy", "quality.transition"}  # cases.late: on cases.files tables
# The API changes nothing itself: every write it offers is a subject's own service function.
NO_SERVICES = {"api.v1"}
WIRING = {"apps", "urls", "models", "admin", "bench", "templatetags", "management"}


def project_modules(root=ROOT, packages=PACKAGES):
    """{dotted module name: path} of every first-party module, migrations excluded."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root)
            if "migrations" in rel.parts:
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(name, path, modules):
    """[(imported module, line)] for every import in the file, nested ones included, first-party only."""
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []

    def resolve(dotted):
        # "from a.b import c" names module a.b.c if it exists, else something inside a.b.
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".strip(".")
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            resolved = resolve(target)
            if resolved and resolved != name:
                found.append((resolved, node.lineno))
    return found


def import_graph(modules):
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(graph):
    """Each strongly connected component of more than one module, as one readable cycle through it."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(start):
        # Iterative Tarjan: the graph is a few hundred modules, but recursion depth should not matter.
        work = [(start, iter(sorted({t for t, _ in graph.get(start, [])})))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted({t for t, _ in graph.get(child, [])}))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_through(graph, component) for component in components]


def _cycle_through(graph, component):
    """A shortest path from the component's first module back to itself, with the import lines."""
    members = set(component)
    start = component[0]
    paths = {start: []}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target, line in sorted(graph[node]):
                if target == start:
                    return [*paths[node], (node, line, target)]
                if target in members and target not in paths:
                    paths[target] = [*paths[node], (node, line, target)]
                    following.append(target)
        frontier = following
    return []


def describe(chain):
    return " -> ".join([chain[0][0], *(f"{target} (line {line})" for _, line, target in chain)])


def subject_of(module):
    for subject in ALLOWED:
        if module == subject or module.startswith(subject + "."):
            return subject
    return None


def direction_errors(graph):
    errors = []  # one line per (module, line, target): "from x import A, B" is one import
    for module, targets in sorted(graph.items()):
        top = module.split(".")[0]
        for target, line in sorted(set(targets)):
            target_top = target.split(".")[0]
            if top == "qms" and target_top in APPS:
                errors.append(f"{module}:{line} imports {target}: the core imports no app")
                continue
            if target in {f"{app}.models" for app in APPS}:
                errors.append(f"{module}:{line} imports {target}: import the subject's models module instead")
                continue
            source, wanted = subject_of(module), subject_of(target)
            if wanted is None or source == wanted:
                continue
            if source is None:
                if top in APPS and module.split(".")[1] not in WIRING:
                    errors.append(f"{module}:{line} imports {target}: app modules outside a subject package")
                continue
            if wanted not in ALLOWED[source]:
                errors.append(f"{module}:{line} imports {target}: {source} may not depend on {wanted}")
    return errors


def size_errors(root=ROOT):
    errors = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in {".venv", ".git", "tests", "var", "node_modules"} or "migrations" in rel.parts:
            continue
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES:
            errors.append(f"{rel}: {lines} lines (at most {MAX_LINES}: split it by what it does)")
    return errors


def suffix_errors(root=ROOT):
    return [
        f"{path.relative_to(root)}: a subject suffix in the name; the subject is a package"
        for path in sorted(root.rglob("*.py"))
        if path.relative_to(root).parts[0] not in {".venv", ".git", "var", "tests"}
        and "migrations" not in path.parts
        and SUFFIXED.search(path.name)
    ]


def _fail(title, errors):
    assert not errors, title + ":\n  " + "\n  ".join(errors)


# ---------------------------------------------------------------------------- the project itself


def test_no_import_cycles():
    cycles = find_cycles(import_graph(project_modules()))
    _fail("import cycles (imports inside functions count)", [describe(chain) for chain in cycles])


def test_dependencies_point_one_way():
    _fail("imports against the layout of ARCHITECTURE.md", direction_errors(import_graph(project_modules())))


def test_no_module_over_500_lines():
    _fail("modules too long", size_errors())


def test_no_file_named_after_a_subject():
    _fail("files named with a subject suffix", suffix_errors())


def test_every_subject_package_exists_and_the_rules_see_it():
    modules = project_modules()
    for subject in ALLOWED:
        assert f"{subject}.models" in modules or subject in NO_MODELS, f"{subject} has no models.py"
        assert subject in NO_SERVICES or f"{subject}.services" in modules or any(m.startswith(f"{subject}.services.") for m in modules)
    # Imports inside functions are read: apps.py registers its subjects from within ready().
    inside = {target for target, _ in imports_of("audits.apps", modules["audits.apps"], modules)}
    assert {"audits.capa.mywork", "qms.core.subjects"} <= inside


# ---------------------------------------------------------------------------- each rule, broken


def _tree(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_a_cycle_hidden_inside_a_function_is_caught(tmp_path):
    root = _tree(tmp_path, {
        "processes/__init__.py": "",
        "processes/documents/__init__.py": "",
        "processes/documents/services.py": "def approve():\n    from processes.copies import services\n",
        "processes/copies/__init__.py": "",
        "processes/copies/services.py": "from processes.documents.services import approve\n",
    })
    cycles = find_cycles(import_graph(project_modules(root, ("processes",))))
    assert [describe(c) for c in cycles] == [
        "processes.copies.services -> processes.documents.services (line 1) -> processes.copies.services (line 2)"
    ]


def test_the_core_importing_an_app_and_a_subject_importing_upward_are_caught(tmp_path):
    root = _tree(tmp_path, {
        "qms/__init__.py": "", "qms/core/__init__.py": "",
        "qms/core/overview.py": "def rows():\n    from audits.capa.models import Nonconformity\n",
        "audits/__init__.py": "", "audits/capa/__init__.py": "", "audits/capa/models.py": "",
        "audits/internal/__init__.py": "", "audits/internal/models.py": "",
        "audits/capa/services.py": "from audits.internal.models import Audit\n",
        "audits/models.py": "from audits.capa.models import *\n",
        "audits/feedback/__init__.py": "", "audits/feedback/views.py": "from audits.models import Feedback\n",
    })
    errors = direction_errors(import_graph(project_modules(root, ("qms", "audits"))))
    assert errors == [
        "audits.capa.services:1 imports audits.internal.models: audits.capa may not depend on audits.internal",
        "audits.feedback.views:1 imports audits.models: import the subject's models module instead",
        "qms.core.overview:2 imports audits.capa.models: the core imports no app",
    ]


def test_a_long_module_and_a_suffixed_name_are_caught(tmp_path):
    root = _tree(tmp_path, {
        "audits/views_nc.py": "x = 1\n",
        "audits/capa/views.py": "x = 1\n" * (MAX_LINES + 1),
        "audits/migrations/0001_initial.py": "x = 1\n" * (MAX_LINES + 1),
    })
    assert size_errors(root) == [f"audits/capa/views.py: {MAX_LINES + 1} lines (at most 500: split it by what it does)"]
    assert suffix_errors(root) == ["audits/views_nc.py: a subject suffix in the name; the subject is a package"]
