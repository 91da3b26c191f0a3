"""Headless Chromium (and poppler) for the tests, as a user's browser opens an HTML file.

``browser()`` finds Chromium; without it a test skips with the reason, except in CI (the
variable CI set): there a missing browser fails, since ``.ci/run`` installs it. ``tool(name)``
does the same for poppler's programs. Each run has its own profile folder, so runs never share
state and nothing of the machine's own browser is read.

- ``dump_dom(page)``: the DOM after loading, as Chromium serialises it;
- ``print_pdf(page, pdf)``: "print to PDF", without the header and footer lines;
- ``screenshot(page, png)``: what a window of the given size shows;
- ``page_requests(page)``: the URLs the page itself asked for, from Chromium's net log
  (the browser's own requests, such as looking for updates, are left out: their initiator is
  "not an origin", a page's is its origin, here ``null`` or ``file://``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT = 90


def _missing(what: str) -> None:
    """Skip the test with the reason; in CI fail instead, since CI installs what is missing."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} fehlt, in CI muss es installiert sein (.ci/run)")
    pytest.skip(f"{what} fehlt auf diesem Rechner: Test übersprungen")


def find_browser() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser() -> str:
    found = find_browser()
    if found is None:
        _missing("Chromium (/usr/bin/chromium oder " + ", ".join(CANDIDATES) + " im PATH)")
    assert found is not None
    return found


def tool(name: str) -> str:
    """A program of poppler (pdfinfo, pdftotext, pdftoppm)."""
    found = shutil.which(name)
    if found is None:
        _missing(f"{name} (poppler-utils)")
    assert found is not None
    return found


def run(page: Path, *flags: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Chromium on ``page`` (loaded from its file:// URL) with ``flags``, in a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="ksm-chromium-") as profile:
        command = [browser(), *FLAGS, f"--user-data-dir={profile}", *flags, page.resolve().as_uri()]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
        )
    assert result.returncode == 0, f"chromium {flags}: exit {result.returncode}\n{result.stderr[-2000:]}"
    return result


def dump_dom(page: Path) -> str:
    return run(page, "--dump-dom").stdout


def print_pdf(page: Path, pdf: Path) -> Path:
    # the flag for no header and footer lines has two names, by Chromium's version
    run(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", "--print-to-pdf-no-header")
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), "kein PDF gedruckt"
    return pdf


def screenshot(page: Path, png: Path, width: int = 1000, height: int = 3000) -> Path:
    run(page, f"--screenshot={png}", f"--window-size={width},{height}")
    assert png.is_file(), "kein Bildschirmfoto"
    return png


def _net_log(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8", errors="replace").rstrip()
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        # a log whose writer stopped before its end: close the list of events
        return json.loads(raw.rstrip(",") + ("]}" if not raw.endswith("]}") else ""))


def page_requests(page: Path) -> list[str]:
    """The URLs of the requests that loading ``page`` made (the page itself, from a file:// URL,
    is read without a network request and is not among them)."""
    with tempfile.TemporaryDirectory(prefix="ksm-netlog-") as folder:
        log_file = Path(folder) / "net.json"
        run(page, f"--log-net-log={log_file}", "--net-log-capture-mode=Default", "--dump-dom")
        log = _net_log(log_file)
    types = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if types.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        if params.get("initiator") == "not an origin":
            continue  # the browser's own request, not the page's
        urls.append(params["url"])
    return urls
