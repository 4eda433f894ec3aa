"""The clause catalogue of both editions and the correspondence table between them (issue 18)."""

import pytest
from django.utils import translation

from processes.documents.models import ISO_CLAUSES
from qms.core import clauses
from qms.core.clauses.correspondence import DROPPED_IN_2015, FROM_2008, FROM_2015, NEW_IN_2015

# What the editions contain, counted from the standards' tables of contents.
EXPECTED = {"2008": 67, "2015": 73}


def test_both_editions_are_complete_and_unique():
    for edition, count in EXPECTED.items():
        codes = clauses.codes(edition)
        assert len(codes) == count
        assert len(set(codes)) == count
        # Every sub-clause has its parent clause in the catalogue.
        for code in codes:
            if "." in code:
                assert code.rsplit(".", 1)[0] in codes, code
    assert {"4.1", "4.2", "6.1", "6.2", "9.3.2", "10.2"} <= set(clauses.codes("2015"))
    assert {"4.2.3", "4.2.4", "8.5.3"} <= set(clauses.codes("2008"))


def test_every_2008_clause_maps_or_says_no_equivalent():
    codes_2008 = set(clauses.codes("2008"))
    codes_2015 = set(clauses.codes("2015"))
    assert set(FROM_2008) | set(DROPPED_IN_2015) == codes_2008
    assert not set(FROM_2008) & set(DROPPED_IN_2015)
    for old, news in FROM_2008.items():
        assert news, f"{old}: an empty mapping must be said in DROPPED_IN_2015"
        assert set(news) <= codes_2015, old


def test_every_2015_clause_maps_back_or_is_new():
    codes_2015 = set(clauses.codes("2015"))
    assert set(FROM_2015) | set(NEW_IN_2015) == codes_2015
    assert not set(FROM_2015) & set(NEW_IN_2015), "a new 2015 clause cannot have a 2008 source"
    # What the issue names as new records: context, interested parties.
    assert {"4.1", "4.2"} <= set(NEW_IN_2015)


@pytest.mark.parametrize("code, expected", [
    ("4.2.3", ("7.5.2", "7.5.3")), ("4.2.3.c", ("7.5.2", "7.5.3")), ("8.2.2 b", ("9.2",)),
    ("8.5.3", ("6.1",)), ("8.3", ("8.7",)), ("5.6.2", ("9.3.2",)),
])
def test_equivalent_2008_to_2015(code, expected):
    assert clauses.equivalent(code, "2008", "2015") == expected


def test_equivalent_2015_to_2008_and_no_equivalent():
    assert clauses.equivalent("9.2", "2015", "2008") == ("8.2.2",)
    assert set(clauses.equivalent("7.5.3", "2015", "2008")) == {"4.2.3", "4.2.4"}
    assert clauses.equivalent("4.1", "2015", "2008") == clauses.NO_EQUIVALENT == ()
    assert clauses.equivalent("7.1.6", "2015", "2008") == ()
    assert clauses.equivalent("QT-05", "2008", "2015") is None  # not a clause at all
    assert clauses.equivalent("4.2.3", "2008", "2008") == ("4.2.3",)
    with pytest.raises(ValueError):
        clauses.equivalent("4.1", "2000", "2015")


def test_titles_in_both_languages():
    with translation.override("vi"):
        assert str(clauses.clause_title("2015", "6.1")) == "Hành động giải quyết rủi ro và cơ hội"
        assert str(clauses.clause_title("2008", "4.2.3.a")) == "Kiểm soát tài liệu"
    with translation.override("en"):
        assert str(clauses.clause_title("2015", "6.1")) == "Actions to address risks and opportunities"
        assert str(clauses.clause_title("2008", "4.2.3")) == "Control of documents"
        assert str(clauses.clause_title("2015", "7.5")) == "Documented information"
    assert clauses.clause_title("2015", "11.1") == ""


def test_documents_clause_list_is_derived_from_the_catalogue():
    codes = [code for code, _label in ISO_CLAUSES]
    assert len(codes) == 27 and codes[0] == "4.1" and codes[-1] == "8.5.3"
    assert codes == [c for c in clauses.codes("2008") if c in set(codes)]  # the standard's order
    with translation.override("vi"):
        assert str(dict(ISO_CLAUSES)["4.2.3"]) == "4.2.3 Kiểm soát tài liệu"


def test_split_codes():
    assert clauses.split_codes("4.2.3, 8.2.2; 8.5.2 ,") == ["4.2.3", "8.2.2", "8.5.2"]
    assert clauses.split_codes("") == []
