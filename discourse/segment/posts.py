"""A post: the lines of one comment and what places it in the thread."""
from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Line


@dataclass(slots=True)
class Post:
    lines: list[Line] = field(default_factory=list)
    quote_first: bool = False  # opened by a `>` quote (or its attribution): the answer follows it
    depth: int | None = None  # stated by the layout ("level N" above it, its indentation)
    marker: str = ""  # the structure marker that places the post ("level 2", "parent"), if any
    parent: int | None = None  # position of the post it answers, by the stated structure (or a sourced quote)
    cue: str = "parent"  # what placed the parent: "parent" (stated structure) or "quote" (a quote's source line)
    footer: Line | None = None  # the action line under it ("permalink save parent report reply"), if any

    @property
    def author(self) -> str:
        return next((line.author for line in self.lines if line.author), "")

    @property
    def timestamp(self) -> str:
        return next((line.timestamp for line in self.lines if line.timestamp), "")

    @property
    def header_only(self) -> bool:
        """A header with no text of its own."""
        return all(line.header for line in self.lines)

    @property
    def author_header(self) -> Line | None:
        """The post's first header line that names its author."""
        return next((line for line in self.lines if line.header and line.author), None)
