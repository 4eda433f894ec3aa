"""mammoth's HTML as a small tree: the reader walks its blocks, looks into tables and lists, and writes
chosen parts back as HTML. The standard library's parser is enough: mammoth writes simple, well-formed HTML
(p, h1–h6, strong, em, ol/ul/li, table/tr/td with colspan and rowspan, a, br, img)."""

import re
from html import escape
from html.parser import HTMLParser

VOID = {"br", "img", "hr"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ol", "ul", "blockquote"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []  # Node or str

    def __repr__(self):
        return f"<{self.tag} {len(self.children)}>"

    def elements(self, *tags):
        return [c for c in self.children if isinstance(c, Node) and (not tags or c.tag in tags)]

    def text(self):
        """The inline text: line breaks kept, other white space collapsed."""
        parts = []

        def walk(node):
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag == "br":
                    parts.append("\n")
                elif child.tag in ("ol", "ul"):
                    continue  # a nested list is its own block
                else:
                    if child.tag in BLOCKS and parts:
                        parts.append("\n")
                    walk(child)

        walk(self)
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
        return "\n".join(line for line in lines if line)

    def html(self):
        if self.tag == "#root":
            return "".join(_html(c) for c in self.children)
        return _html(self)


def _html(node):
    if isinstance(node, str):
        return escape(node, quote=False)
    attrs = "".join(f' {k}="{escape(v or "")}"' for k, v in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs} />"
    return f"<{node.tag}{attrs}>{''.join(_html(c) for c in node.children)}</{node.tag}>"


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, attrs))

    def handle_endtag(self, tag):
        # Close up to the matching element; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html):
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def bold_prefix(node):
    """The text of the bold runs a paragraph starts with ("<strong>5.4. Thời gian xử lý: </strong>05 ngày")."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                break
            parts.append(child)
        elif child.tag in ("strong", "b"):
            parts.append(child.text())
        elif child.tag == "br":
            break
        elif child.tag in ("em", "i", "u", "a", "span") and all(
                isinstance(c, Node) and c.tag in ("strong", "b") for c in child.children):
            parts.append(child.text())
        else:
            break
    return _SPACES.sub(" ", "".join(parts)).strip()
