"""Find ``QuerySet.update()`` / ``bulk_create()`` / ``bulk_update()`` on history-tracked models.

Those calls skip django-simple-history, so a change would leave no trace (architecture.md,
"Invariants"). The scan is generic: the set of tracked models comes from the app registry at test
time, so models and code added later are covered without editing this file.

A call is reported when its receiver chain
- starts at a tracked model (or its HistoricalX model) by class name: ``Document.objects.filter(...).update(...)``,
  ``Revision._default_manager.bulk_create(...)``, ``Document.history.update(...)``;
- goes through a reverse accessor leading to a tracked model: ``user.roles.filter(...).update(...)``;
- starts at a local name assigned from such a chain earlier in the same function:
  ``qs = Document.objects.filter(...); qs.update(...)``;
- is ``self.update(...)`` / ``super().bulk_create(...)`` inside a QuerySet or Manager class that a
  tracked model uses as its manager.

Allowed: code that writes the history rows itself (e.g. a bulk seeder inserting HistoricalX rows
beside the rows). Mark the line, or the line above it, with ``# history-written-here`` followed by
a reason; or a whole module with a line ``# history-written-here: module`` in its first 40 lines.
"""

import ast
import inspect
import textwrap
from dataclasses import dataclass
from pathlib import Path

FORBIDDEN = {"update", "bulk_create", "bulk_update"}
MARKER = "# history-written-here"
MODULE_MARKER = "# history-written-here: module"


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    code: str
    why: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.code.strip()}  ({self.why})"


def tracked_vocabulary():
    """(model class names, reverse accessor names, manager/queryset classes) of history-tracked models."""
    from qms.core.integrity import is_history_model, tracked_models

    names, accessors, manager_classes = set(), set(), set()
    tracked = tracked_models()
    for model in tracked:
        names.add(model.__name__)
        names.add(model.history.model.__name__)
        for manager in model._meta.managers:
            manager_classes.add(type(manager))
            queryset_class = getattr(manager, "_queryset_class", None)
            if queryset_class is not None:
                manager_classes.add(queryset_class)
    # Reverse accessors *to* a tracked model from any model: other.<accessor>.update() hits it.
    from django.apps import apps

    tracked_set = set(tracked)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.auto_created and not field.concrete):
                continue
            related = field.related_model
            if related in tracked_set or (related is not None and is_history_model(related)):
                accessor = field.get_accessor_name() if hasattr(field, "get_accessor_name") else None
                if accessor and not accessor.endswith("+"):
                    accessors.add(accessor)
        # Forward many-to-many to a tracked model: obj.<m2m>.update() as well.
        for field in model._meta.many_to_many:
            if field.related_model in tracked_set:
                accessors.add(field.name)
    return names, accessors, manager_classes


def _chain(node):
    """Names along a receiver chain, root first: a.b(...).c[0].d → ['a', 'b', 'c', 'd']."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id == "super":
                parts.append("super()")
                break
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            break
    return list(reversed(parts))


def _marked(lines, node):
    first = node.lineno
    last = getattr(node, "end_lineno", first) or first
    candidates = range(max(first - 1, 1), last + 1)
    return any(MARKER in lines[i - 1] for i in candidates if i - 1 < len(lines))


class _Scanner(ast.NodeVisitor):
    def __init__(self, path, source, names, accessors, self_scope_classes=()):
        self.path = path
        self.lines = source.splitlines()
        self.names = names
        self.accessors = accessors
        self.self_scope_classes = set(self_scope_classes)
        self.violations = []
        self.tainted = [set()]
        self.class_stack = []

    def _is_tracked_chain(self, chain):
        if not chain:
            return None
        root = chain[0]
        if root in self.names and len(chain) >= 2:
            return f"{root} is history-tracked"
        if root in self.tainted[-1]:
            return f"{root} holds a queryset of a history-tracked model"
        for part in chain[1:]:
            if part in self.accessors:
                return f".{part} leads to a history-tracked model"
        if root in {"self", "super()"} and self.class_stack and self.class_stack[-1] in self.self_scope_classes:
            return f"{self.class_stack[-1]} is the manager/queryset of a history-tracked model"
        return None

    def visit_ClassDef(self, node):
        self.class_stack.append(node.name)
        self.generic_visit(node)
        self.class_stack.pop()

    def _visit_function(self, node):
        self.tainted.append(set(self.tainted[-1]))
        self.generic_visit(node)
        self.tainted.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_Assign(self, node):
        value = node.value
        if isinstance(value, (ast.Call, ast.Attribute)) and self._is_tracked_chain(_chain(value)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.tainted[-1].add(target.id)
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN:
            why = self._is_tracked_chain(_chain(func.value))
            if why and not _marked(self.lines, node):
                self.violations.append(Violation(self.path, node.lineno, self.lines[node.lineno - 1], why))
        self.generic_visit(node)


def scan_source(source, path="<source>", *, names, accessors, self_scope_classes=()):
    if any(MODULE_MARKER in line for line in source.splitlines()[:40]):
        return []
    scanner = _Scanner(path, source, names, accessors, self_scope_classes)
    scanner.visit(ast.parse(source, filename=path))
    return scanner.violations


def scan_tree(roots, base):
    names, accessors, manager_classes = tracked_vocabulary()
    violations = []
    # Manager/queryset classes of tracked models, by defining file, so `self.update()` inside them counts.
    per_file = {}
    for cls in manager_classes:
        try:
            file = Path(inspect.getsourcefile(cls)).resolve()
        except (TypeError, OSError):
            continue
        per_file.setdefault(file, set()).add(cls.__name__)
    for root in roots:
        for path in sorted((base / root).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            classes = per_file.get(path.resolve(), set())
            violations += scan_source(
                source, str(path.relative_to(base)), names=names, accessors=accessors, self_scope_classes=classes
            )
    return violations


def dedent(code):
    return textwrap.dedent(code).strip() + "\n"
