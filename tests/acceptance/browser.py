"""Headless Chromium driven over the DevTools protocol (a pipe, no WebDriver), for the tests
that render the HTML pages as a clerk's browser does."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SAMPLE_DOCS = Path(__file__).resolve().parents[2] / "sample_docs"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def chromium_path() -> str | None:
    """The first Chromium on PATH."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def _as_fds_3_and_4(read_end: int, write_end: int) -> None:
    # Copied above 4 first, so that a pipe end that already is fd 3 or 4 is not overwritten.
    read_copy, write_copy = os.dup(read_end), os.dup(write_end)
    os.dup2(read_copy, 3)
    os.dup2(write_copy, 4)


class Browser:
    """One headless Chromium with one page, spoken to over --remote-debugging-pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="prereview-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            # Kept open through exec: the two fds Chromium expects, made from the pipes below.
            pass_fds=(3, 4),
            preexec_fn=lambda: _as_fds_3_and_4(to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def call(self, method: str, session: bool = False, **params) -> dict:
        """Send one command and wait for its reply (events in between are dropped)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, path: Path, width: int, height: int, mobile: bool = False) -> None:
        """Load a local page at a viewport size and wait until it is complete."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        self.call("Page.navigate", session=True, url=path.resolve().as_uri())
        deadline = time.monotonic() + 30
        while self.evaluate("document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path} did not finish loading")
            time.sleep(0.05)

    def media(self, media: str) -> None:
        """Emulate `print` or `screen` CSS media; "" for the browser's own choice."""
        self.call("Emulation.setEmulatedMedia", session=True, media=media)

    def evaluate(self, expression: str):
        """The JSON value of a JavaScript expression on the page."""
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        return result["result"].get("value")

    def overflows(self) -> bool:
        """Whether the page is wider than its viewport (it would scroll sideways)."""
        return self.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        )

    def screenshot(self, path: Path) -> None:
        """A PNG of the whole page."""
        data = self.call(
            "Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True
        )["data"]
        path.write_bytes(base64.b64decode(data))

    def pdf(self, background: bool = False) -> bytes:
        """The page printed as the browser prints it: A4, its own @page margins, print CSS
        (an emulated `screen` medium would otherwise leak into the print)."""
        self.media("")
        data = self.call(
            "Page.printToPDF",
            session=True,
            printBackground=background,
            preferCSSPageSize=True,
            paperWidth=8.27,
            paperHeight=11.69,
        )["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        """Stop this Chromium and remove its profile."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


def started_browser():
    """A headless Chromium for a test module, closed after it; the module is skipped when
    Chromium cannot start. Used as a module fixture by the page tests (tests/conftest.py)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium cannot start: no chromium on PATH (make install installs it)")
    try:
        started = Browser(executable)
    except (OSError, RuntimeError) as exc:
        pytest.skip(f"Chromium cannot start: {exc}")
    yield started
    started.close()


def batched_samples(root: Path, names: tuple[str, ...]) -> Path:
    """OUT of a `batch` over copies of the named sample cases (review date 2026-11-24, the
    sample registry); at least one of them does not pass."""
    from typer.testing import CliRunner

    from prereview.cli.app import app

    for name in names:
        shutil.copytree(SAMPLE_DOCS / "cases" / name, root / "uploads" / name)
    result = CliRunner().invoke(app, ["batch", str(root / "uploads"), "--out", str(root / "out"),
                                      "--registry", str(SAMPLE_DOCS / "registry"),
                                      "--today", "2026-11-24", "--workers", "1", "-q"])  # fmt: skip
    assert result.exit_code == 1, result.output
    return root / "out"
