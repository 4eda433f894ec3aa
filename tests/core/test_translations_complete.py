"""Every text the code and templates mark for translation has English (issue 14, item 4).

The test runs ``makemessages`` on a copy of the sources in a temporary folder (the repository is never
touched), for both domains: ``django`` (Python and templates) and ``djangojs`` (static/js, served by
/jsi18n/). Each extracted msgid must then be

- in the English catalog that is compiled and loaded at runtime, with a non-empty translation, and
- not marked fuzzy in the repository's ``.po`` files (a fuzzy entry is a guess gettext ignores).

A failure lists the msgids with the file:line where they are used, so the fix is to add the English
``msgstr`` to the right ``locale/en/LC_MESSAGES/*.po`` (run ``manage.py makemessages -l en`` to see
where) and ``manage.py compilemessages``.
"""

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real

ROOT = Path(settings.BASE_DIR)
# What makemessages reads in the repository: the apps, the project package, templates and scripts.
SOURCES = ["qms", "processes", "audits", "quality", "cases", "api", "templates", "static/js"]
APP_LOCALES = ["processes/locale", "audits/locale", "quality/locale", "cases/locale", "api/locale"]
DOMAINS = ["django", "djangojs"]


def _unquote(lines):
    return "".join(
        bytes(line[line.index('"') + 1:line.rindex('"')], "utf-8").decode("unicode_escape").encode("latin-1").decode()
        for line in lines
    )


def parse_po(path):
    """A small .po reader: one dict per entry with msgctxt, msgid, msgid_plural, msgstr(s), flags, places."""
    entries = []
    for block in re.split(r"\n\s*\n", Path(path).read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") for line in lines if not line.startswith("#:")):
            continue  # obsolete entries are not compiled
        entry = {"flags": set(), "places": [], "msgctxt": None, "msgid_plural": None, "msgstr": []}
        field, values = None, {}
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#:"):
                entry["places"] += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                values[field].append(line)
            else:
                field, _, rest = line.partition(" ")
                values[field] = [rest]
        if "msgid" not in values:
            continue
        entry["msgid"] = _unquote(values["msgid"])
        if "msgctxt" in values:
            entry["msgctxt"] = _unquote(values["msgctxt"])
        if "msgid_plural" in values:
            entry["msgid_plural"] = _unquote(values["msgid_plural"])
        entry["msgstr"] = [_unquote(v) for k, v in sorted(values.items()) if k.startswith("msgstr")]
        if entry["msgid"]:  # the header
            entries.append(entry)
    return entries


def _extract(tmp_path, monkeypatch):
    """makemessages -l en for both domains on a copy of the sources; returns {domain: [entries]}."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "locale", "*.mo", "*.po", "*.pdf", "*.png"))
    for locale in ["locale", *APP_LOCALES]:
        (tmp_path / locale).mkdir(parents=True, exist_ok=True)
    with monkeypatch.context() as patch:
        patch.chdir(tmp_path)
        # The project catalog of the copy, so that no path of the repository is ever written to.
        patch.setattr(settings, "LOCALE_PATHS", [str(tmp_path / "locale")])
        for domain in DOMAINS:
            call_command("makemessages", locale=["en"], domain=domain, verbosity=0)
    return {
        domain: [entry for po in sorted(tmp_path.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")) for entry in parse_po(po)]
        for domain in DOMAINS
    }


def _repository_fuzzy():
    fuzzy = set()
    for po in [*ROOT.glob("locale/en/LC_MESSAGES/*.po"), *ROOT.glob("*/locale/en/LC_MESSAGES/*.po")]:
        fuzzy |= {(e["msgctxt"], e["msgid"]) for e in parse_po(po) if "fuzzy" in e["flags"]}
    return fuzzy


def _runtime_catalog(domain):
    """The English catalog Django loads at runtime (all apps and LOCALE_PATHS merged), from the .mo files."""
    if domain == "django":
        return trans_real.translation("en")._catalog
    return trans_real.DjangoTranslation("en", domain=domain)._catalog


def _problem(entry, catalog, fuzzy):
    key = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
    if (entry["msgctxt"], entry["msgid"]) in fuzzy:
        return "fuzzy"
    if entry["msgid_plural"] is None:
        value = catalog.get(key)
        return "missing" if value is None else ("empty" if not value.strip() else None)
    forms = [catalog.get((key, n)) for n in range(2)]
    if any(f is None for f in forms):
        return "missing"
    return "empty" if any(not f.strip() for f in forms) else None


def test_every_msgid_in_code_and_templates_has_english(tmp_path, monkeypatch):
    extracted = _extract(tmp_path, monkeypatch)
    assert len(extracted["django"]) > 1000, "makemessages found too few texts: is the copy complete?"
    assert extracted["djangojs"], "makemessages found no texts in static/js"
    fuzzy = _repository_fuzzy()
    problems = []
    for domain, entries in extracted.items():
        catalog = _runtime_catalog(domain)
        for entry in entries:
            problem = _problem(entry, catalog, fuzzy)
            if problem:
                problems.append(f"  [{domain}] {problem}: {entry['msgid']!r} at {', '.join(entry['places'][:3])}")
    assert not problems, (
        f"{len(problems)} texts have no English (add the msgstr to locale/en/LC_MESSAGES/*.po, then "
        "manage.py compilemessages):\n" + "\n".join(problems)
    )


def test_po_reader_sees_fuzzy_plural_and_context(tmp_path):
    # The reader above decides what counts as translated, so it is checked on its own.
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Tài liệu %(n)s"\nmsgstr "Document %(n)s"\n\n'
        '#: b.html:2\nmsgctxt "ngữ cảnh"\nmsgid ""\n"Hai "\n"dòng"\nmsgstr ""\n\n'
        'msgid "Một"\nmsgid_plural "Nhiều"\nmsgstr[0] "One"\nmsgstr[1] "Many"\n\n'
        '#~ msgid "Cũ"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )
    first, second, third = parse_po(po)
    assert first["flags"] == {"fuzzy", "python-format"} and first["places"] == ["a.py:1"]
    assert second["msgctxt"] == "ngữ cảnh" and second["msgid"] == "Hai dòng" and second["msgstr"] == [""]
    assert third["msgid_plural"] == "Nhiều" and third["msgstr"] == ["One", "Many"]
    assert _problem(first, {"Tài liệu %(n)s": "Document %(n)s"}, {(None, "Tài liệu %(n)s")}) == "fuzzy"
    assert _problem(second, {"ngữ cảnh\x04Hai dòng": " "}, set()) == "empty"
    assert _problem(third, {("Một", 0): "One"}, set()) == "missing"
