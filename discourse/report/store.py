"""The comments a page carries as data: one JSON array read by the page's script for the thread tree,
the comment table, the comment browser and the contrast view's term look-ups.

User text is escaped with :func:`~.html.esc` like everywhere else (the script turns it back into
plain text and places it with ``textContent`` only, never as markup). Text is embedded once per page,
cut to ``TEXT_CAP`` characters per comment, and the whole store to a byte budget, so a page stays small
whatever the corpus size (the page says what was left out; every comment is in comments.csv).
"""
from __future__ import annotations

import math

from .data import CorpusView
from .figures import stance_color, stance_order
from .html import esc, json_script

TEXT_CAP = 2000  # characters of one comment kept in a page
ROW_BYTES = 70  # what a row costs in the page besides its text (ids, author, numbers, JSON)
INDEX_TEXT_BUDGET = 500_000  # bytes of comment rows in index.html (text + ROW_BYTES per row)
DOC_TEXT_BUDGET = 900_000  # bytes of comment rows in one document's report


class CommentStore:
    """Rows of the embedded comment data, in the order they were added.

    A row is ``[doc, id, author, time, stance, stance confidence (-1 = unknown), topic, topic score,
    anchor, text, parent row (-1), polarity, in tree (0/1), reply_to id]``; ``doc`` and ``topic`` index the page's
    document and topic lists, ``anchor`` is the comment's ``#nK`` target in its document's report.
    """

    def __init__(self, view: CorpusView, reports: dict[str, str], budget: int, *, links: bool = True) -> None:
        self.view, self.budget = view, budget
        self.docs = view.documents["doc"].tolist()
        self.docs += sorted(set(view.comments["doc"]) - set(self.docs))
        self.doc_index = {d: k for k, d in enumerate(self.docs)}
        self.reports = reports if links else {d: "" for d in self.docs}
        self.topic_index = {t: k for k, t in enumerate(view.topic_order)}
        self.rows: list[list] = []
        self.index: dict[int, int] = {}  # corpus row -> store row
        self.chars = 0  # bytes spent, as estimated
        self.full = False
        c = view.comments
        self._cols = view.columns
        self._conf = c["stance_confidence"].to_numpy(float)
        self._score = c["topic_score"].to_numpy(float)
        self._polarity = c["polarity"].to_numpy(float)
        self._anchor = view.anchors

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: int, parent: int = -1, in_tree: bool = False) -> int:
        """Store row of corpus row ``row`` (added once); -1 when the budget is spent."""
        row = int(row)
        if row in self.index:
            return self.index[row]
        text = self._cols["text"][row]
        if len(text) > TEXT_CAP:
            text = text[: TEXT_CAP - 1].rstrip() + "…"
        cost = len(text) + len(self._cols["author"][row]) + ROW_BYTES
        if self.chars + cost > self.budget and self.rows:
            self.full = True
            return -1
        conf = self._conf[row]
        self.rows.append([self.doc_index.get(self._cols["doc"][row], 0), esc(self._cols["id"][row]),
                          esc(self._cols["author"][row]), esc(self._cols["timestamp"][row]), esc(self._cols["stance"][row]),
                          -1 if math.isnan(conf) else round(float(conf), 2),
                          self.topic_index.get(self._cols["topic"][row], 0), round(float(self._score[row]), 2),
                          int(self._anchor[row]), esc(text), int(parent), round(float(self._polarity[row]), 2),
                          int(bool(in_tree)), esc(self._cols["reply_to"][row])])
        self.index[row] = len(self.rows) - 1
        self.chars += cost
        return self.index[row]

    def add_many(self, rows) -> list[int]:
        """Store rows of the given corpus rows that fit the budget."""
        out = []
        for r in rows:
            k = self.add(r)
            if k < 0:
                break
            out.append(k)
        return out

    def script(self, total: int) -> str:
        """The store as the page's ``comment-store`` JSON (``total``: comments the page is about)."""
        view = self.view
        stances = stance_order(view.comments["stance"].unique()) or ["none"]
        data = {"docs": [[esc(view.title(d)), self.reports.get(d, "")] for d in self.docs],
                "topics": [[esc(view.topic_names[t]), view.topic_colors[t]] for t in view.topic_order],
                "stances": {esc(s): stance_color(s) for s in stances},
                "rows": self.rows, "total": int(total)}
        return json_script(data, node_id="comment-store")

