"""Words on printed pages, with their size: ``pdftotext -bbox`` read into Python.

A word's box height is about its font size in points (ascender to descender), so a test can
say "body text is at least 8 pt on paper" of a PDF whichever program drew it.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def median_height(self) -> float:
        return statistics.median(w.height for w in self.words) if self.words else 0.0

    def find(self, phrase: str) -> list[Word]:
        """Where ``phrase`` is printed: a box around each run of consecutive words (in the
        order pdftotext reads them) that spell it, however its lines are broken."""
        target = phrase.split()
        texts = [w.text for w in self.words]
        found = []
        for i in range(len(texts) - len(target) + 1):
            if texts[i:i + len(target)] == target:
                run = self.words[i:i + len(target)]
                found.append(Word(phrase, min(w.x0 for w in run), min(w.y0 for w in run),
                                  max(w.x1 for w in run), max(w.y1 for w in run)))
        return found

    def line_of(self, word: Word) -> list[str]:
        """The words printed on the same line as ``word``, left to right."""
        middle = (word.y0 + word.y1) / 2
        return [w.text for w in sorted(self.words, key=lambda w: w.x0)
                if w.y0 <= middle <= w.y1]

    def lowest(self) -> float:
        """How far down the page the last word ends, as a fraction of the page height."""
        return max((w.y1 for w in self.words), default=0.0) / self.height


def pdf_pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its words and their boxes (points, origin top left)."""
    exe = shutil.which("pdftotext")
    assert exe is not None, "pdftotext (poppler-utils) is not installed"
    html = subprocess.run([exe, "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          timeout=120).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    pages = []
    for page in root.iter("page"):
        words = [Word("".join(w.itertext()), *(float(w.get(k)) for k in
                                               ("xmin", "ymin", "xmax", "ymax")))
                 for w in page.iter("word")]
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages
