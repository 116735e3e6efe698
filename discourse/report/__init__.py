"""Report stage: offline Plotly HTML dashboards.

``index.html`` (corpus overview), one ``doc-<name>.html`` per document, and ``plotly.min.js``
written once per folder, so the pages open without a network. Modules:

- :mod:`.writer` – :class:`Dashboards` (keywords = ``[report]`` config) and ``write_dashboards``
- :mod:`.overview`, :mod:`.document` – the two kinds of page
- :mod:`.compare` – log-odds term association (Monroe et al.) and its figures
- :mod:`.data` – the analysis normalised for the pages; :mod:`.figures`, :mod:`.html` – shared helpers
"""
from .html import PLOTLY_JS, esc
from .writer import Dashboards, report_name, report_names, write_dashboards

__all__ = ["Dashboards", "PLOTLY_JS", "esc", "report_name", "report_names", "write_dashboards"]
