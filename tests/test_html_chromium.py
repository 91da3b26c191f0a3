"""The HTML page as a user opens it: headless Chromium loads the all-blocks page of
tests/test_html.py from a file:// URL, asks for nothing on the network, keeps hostile text as
text in its DOM, and prints it to a PDF of several A4 pages that holds the title and the
endnotes (checked with poppler's pdfinfo and pdftotext).

Without Chromium or poppler the tests skip with the reason; in CI (CI set) they fail instead
(tests/chromium.py). The tests that start a browser are slow (the full tier).
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ksm_cli.render.html import to_html
from tests import chromium
from tests.test_html import HOSTILE, all_blocks


def test_a_missing_browser_skips_with_its_reason_but_fails_in_ci(monkeypatch):
    monkeypatch.setattr(chromium, "find_browser", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium"):
        chromium.browser()
    monkeypatch.setattr(chromium.shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception, match="pdfinfo"):
        chromium.tool("pdfinfo")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI"):
        chromium.browser()
    with pytest.raises(pytest.fail.Exception, match="poppler"):
        chromium.tool("pdftotext")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    chromium.browser()
    path = tmp_path_factory.mktemp("html") / "bericht mit Leerzeichen.html"
    path.write_text(to_html(all_blocks()), encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_net_log_sees_a_request_of_the_page(tmp_path):
    """The check below can fail: a page that loads a picture from elsewhere is caught."""
    chromium.browser()
    page = tmp_path / "fremd.html"
    page.write_text('<!DOCTYPE html><p>x</p><img src="http://127.0.0.1:9/bild.png">', encoding="utf-8")
    assert "http://127.0.0.1:9/bild.png" in chromium.page_requests(page)


@pytest.mark.slow
def test_loading_the_page_asks_the_network_for_nothing(page_file):
    requests = chromium.page_requests(page_file)
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.texts.append(data)


@pytest.mark.slow
def test_hostile_text_stays_text_in_the_dom(page_file):
    dom = chromium.dump_dom(page_file)
    parsed = _Dom()
    parsed.feed(dom)
    assert "img" not in parsed.tags and "script" not in parsed.tags
    assert HOSTILE in parsed.texts
    assert "<svg" in dom and "Anmerkungen und Quellen" in parsed.texts


@pytest.mark.slow
def test_printing_gives_a_pdf_of_several_pages(page_file, tmp_path):
    pdf = chromium.print_pdf(page_file, tmp_path / "bericht.pdf")
    info = subprocess.run(
        [chromium.tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 3  # the title and contents, the Kurzfassung, the details: page breaks
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size and abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2  # A4
    text = subprocess.run(
        [chromium.tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Empfehlungsbericht Musterstadt <img" in flat
    assert "Anmerkungen und Quellen" in flat
    assert "Abbildung 1: Entscheidungspfad" in flat
    # the first page holds the title and the contents only: the Kurzfassung starts a page
    first = subprocess.run(
        [chromium.tool("pdftotext"), "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Inhalt" in first and "Empfohlen wird" not in first
    assert "Entscheidungspfad" not in first


@pytest.mark.slow
def test_a_screenshot_is_taken(page_file, tmp_path):
    png = chromium.screenshot(page_file, tmp_path / "bildschirm.png", 1000, 1200)
    assert png.read_bytes().startswith(b"\x89PNG")


def _last_lines(pdf: Path) -> list[str]:
    """The last line of text of each page of ``pdf``."""
    text = subprocess.run(
        [chromium.tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for page in text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines:
            found.append(lines[-1])
    return found


@pytest.mark.slow
def test_a_heading_is_never_the_last_line_of_a_page(tmp_path, monkeypatch):
    from ksm_cli.render import html
    from ksm_cli.render.document import Heading, Para, Section

    chromium.browser()
    sentence = "Ein Satz über die Verstetigung des Klimaschutzmanagements in der Kommune. " * 3
    blocks = [Heading("Bericht")]
    blocks += [Section(f"Abschnitt {k}", [Para(sentence)] * (1 + k % 4)) for k in range(1, 30)]

    def last_lines(name: str) -> list[str]:
        page = tmp_path / f"{name}.html"
        page.write_text(html.to_html(blocks), encoding="utf-8")
        return _last_lines(chromium.print_pdf(page, tmp_path / f"{name}.pdf"))

    ends = last_lines("mit")
    assert len(ends) >= 5
    assert not [line for line in ends if line.startswith("Abschnitt")]
    # without the rule the same document leaves headings at the bottom of pages: the test sees it
    monkeypatch.setattr(html, "STYLE", html.STYLE.replace("break-after: avoid;", ""))
    assert [line for line in last_lines("ohne") if line.startswith("Abschnitt")]
