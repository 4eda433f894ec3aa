"""Walk mammoth's blocks in order and cut them into sections at the headings (headings.py decides what a
heading is). Everything before the first heading is the first page (title block, signatures, amendment
table): it is kept as a section no field holds, to be shown in the preview and not imported."""

from dataclasses import dataclass, field

from processes.documents.docx_import import tree
from processes.documents.docx_import.headings import BODY, Outline, candidate

HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Section:
    field: str | None  # None: nothing holds it (the first page, an extra "8. PHỤ LỤC")
    title: str  # the heading as written; "" for the first page
    blocks: list = field(default_factory=list)  # tree.Node, or str for a heading's inline value
    show_title: bool = False  # an unknown 5.x sub-item keeps its heading inside the procedure text


class _Walker:
    def __init__(self):
        self.outline = Outline()
        self.current = Section(None, "")
        self.sections = [self.current]
        self.found = False
        self.in_body = False  # inside section 5: unknown sub-items join the procedure text

    def block(self, node):
        if isinstance(node, str):
            if node.strip():
                self.current.blocks.append(node.strip())
        elif node.tag in HEADING_TAGS:
            if not self.heading(candidate(node.text(), styled=True)):
                self.current.blocks.append(node)
        elif node.tag == "p":
            if not self.heading(candidate(node.text(), bold=tree.bold_prefix(node))):
                self.current.blocks.append(node)
        elif node.tag in ("ol", "ul"):
            self.listing(node)
        else:
            self.current.blocks.append(node)

    def listing(self, node):
        """A list: items that are headings (Word's automatic numbering) cut it; the others stay together."""
        pending = tree.Node(node.tag, node.attrs)
        for item in node.elements("li"):
            nested = item.elements("ol", "ul")
            if self.heading(candidate(item.text(), bold=tree.bold_prefix(item)), before=lambda: self._flush(pending)):
                pending = tree.Node(node.tag, node.attrs)
                for inner in nested:
                    self.listing(inner)
            else:
                pending.children.append(item)
        self._flush(pending)

    def _flush(self, pending):
        if pending.children:
            self.current.blocks.append(tree.Node(pending.tag, pending.attrs))
            self.current.blocks[-1].children = list(pending.children)
            pending.children.clear()

    def heading(self, heading, before=None):
        """Start a section at this heading if it is one; False when the paragraph is content."""
        if heading is None:
            return False
        if heading.number and not self.outline.accepts(heading, self.current.field):
            return False
        field_name, show_title = heading.field, False
        if field_name is None:
            sub_item = len(heading.number) == 2 or not heading.number
            if sub_item and self.in_body:
                field_name, show_title = "procedure_html", True
            elif len(heading.number) == 2:
                return False  # "3.1 …" inside another section: its content
        if before:
            before()
        self.outline.move(heading)
        self.found = True
        was_body, self.in_body = self.in_body, field_name in BODY
        resume = self.current
        self.current = Section(field_name, heading.title, [heading.rest] if heading.rest else [], show_title)
        self.sections.append(self.current)
        if heading.one_line:
            # "Lệ phí: 75.000 đồng" in the running text is that line only; what follows stays where it was.
            self.current, self.in_body = resume, was_body
        return True


def read(html):
    """([Section], whether any heading was found) of mammoth's HTML."""
    walker = _Walker()
    for node in tree.parse(html).children:
        walker.block(node)
    return walker.sections, walker.found
