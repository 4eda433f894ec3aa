"""Permission matrix of the one-stop figures (issue 16 item 8).

Every member of the agency reads its own agency's figures (counts only, no personal data); oversight: 403, as for
the files; anonymous: login. The page has no object in its URL: another agency's member sees its own figures.
"""

from tests.matrix import Entry, expect

ENTRIES = {
    "cases:figures": Entry(expect=expect(200, anonymous=302, oversight=403)),
}
