"""The text a person sees on the terminal, read from the app's own screenshot (no tests here).

Textual draws an SVG of the screen with one <text> element per run of same-styled
characters; putting them back at their columns gives the screen as lines of text.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from textual.app import App

_RUN = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)" textLength="[\d.]+"[^>]*>([^<]*)</text>'
)
_CELL_WIDTH = 12.2  # Textual's screenshot: pixels per terminal column


def screen_lines(app: App[object]) -> list[str]:
    """The terminal's rows as text, top to bottom."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in _RUN.findall(app.export_screenshot()):
        rows[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(float(x) / _CELL_WIDTH)) + text
        lines.append(line.rstrip())
    return lines


def footer_line(app: App[object]) -> str:
    """The bottom row, where the footer shows the keys."""
    return screen_lines(app)[-1]
