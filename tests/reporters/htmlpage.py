"""Reading an HTML page back as a browser's parser sees it: elements, attributes, text."""
from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Every element (tag, attributes) of a page and its text, as a browser's parser sees them."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.stack: list[str] = []
        self.script_texts: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.script_texts.append(data)
        else:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.elements if a.get("id")}

    def tags(self, name: str) -> list[dict]:
        return [a for t, a in self.elements if t == name]
