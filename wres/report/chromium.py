"""Headless Chromium through its DevTools protocol: print a page to PDF, and (for the tests)
load a page, record its network requests and console errors, and take a screenshot.

One browser serves every page of a run. It is started with a fresh profile and with every
background service off (the machines running this have no network: without these flags Chromium
keeps trying to reach Google's hosts), and listens for DevTools on a port on 127.0.0.1 that it
picks itself (--remote-debugging-port=0, read back from DevToolsActivePort).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import websocket

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
)
START_TIMEOUT = 60.0
COMMAND_TIMEOUT = 120.0
A4_INCHES = (8.27, 11.69)


class ChromiumError(Exception):
    pass


def find_chromium() -> str | None:
    """WRES_CHROMIUM if set, else the first Chromium on PATH."""
    configured = os.environ.get("WRES_CHROMIUM")
    if configured:
        return configured if shutil.which(configured) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class ChromiumSession:
    """A headless browser with one tab, driven over the DevTools protocol."""

    def __init__(self, binary: str, window: tuple[int, int] = (1280, 900)):
        self.binary = binary
        self.window = window
        self._next_id = 0
        self.events: list[dict] = []
        self.process: subprocess.Popen | None = None
        self.profile: str | None = None
        self.socket = None
        self.session_id: str | None = None

    # -- start and stop ---------------------------------------------------------------------------
    def __enter__(self) -> "ChromiumSession":
        self.profile = tempfile.mkdtemp(prefix="wres-chromium-")
        self._log = open(Path(self.profile) / "chromium.log", "wb")  # noqa: SIM115 - closed in __exit__
        try:
            self.process = subprocess.Popen(
                [self.binary, *FLAGS, f"--user-data-dir={self.profile}",
                 f"--window-size={self.window[0]},{self.window[1]}", "about:blank"],
                stdout=self._log, stderr=self._log, stdin=subprocess.DEVNULL,
            )
            port_file = Path(self.profile) / "DevToolsActivePort"
            deadline = time.monotonic() + START_TIMEOUT
            while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
                if self.process.poll() is not None:
                    raise ChromiumError(f"{self.binary} exited with code {self.process.returncode} at start")
                if time.monotonic() > deadline:
                    raise ChromiumError(f"{self.binary} did not open its DevTools port within {START_TIMEOUT:.0f} s")
                time.sleep(0.05)
            port, path = port_file.read_text().splitlines()[:2]
            self.socket = websocket.create_connection(
                f"ws://127.0.0.1:{port}{path}", timeout=COMMAND_TIMEOUT, suppress_origin=True,
            )
            target = self.command("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session_id = self.command("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log"):
                self.command(f"{domain}.enable")
            self.command("Emulation.setDeviceMetricsOverride",
                         {"width": self.window[0], "height": self.window[1], "deviceScaleFactor": 1, "mobile": False})
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.socket is not None:
            try:
                self.command("Browser.close", session=False, wait=False)
            except Exception:  # noqa: BLE001 - closing anyway
                pass
            self.socket.close()
            self.socket = None
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if getattr(self, "_log", None):
            self._log.close()
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    # -- the protocol -----------------------------------------------------------------------------
    def command(self, method: str, params: dict | None = None, session: bool = True, wait: bool = True) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session_id
        try:
            self.socket.send(json.dumps(message))
            if not wait:
                return {}
            while True:
                reply = json.loads(self.socket.recv())
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise ChromiumError(f"{method}: {reply['error'].get('message')}")
                    return reply.get("result", {})
                if "method" in reply:
                    self.events.append(reply)
        except (websocket.WebSocketException, OSError) as error:
            raise ChromiumError(f"{method}: lost the DevTools connection ({type(error).__name__}: {error})") from None

    def wait_for(self, event: str, timeout: float = COMMAND_TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        for index, seen in enumerate(self.events):
            if seen.get("method") == event:
                return self.events.pop(index)
        while time.monotonic() < deadline:
            try:
                reply = json.loads(self.socket.recv())
            except (websocket.WebSocketException, OSError) as error:
                raise ChromiumError(f"waiting for {event}: {type(error).__name__}: {error}") from None
            if reply.get("method") == event:
                return reply
            if "method" in reply:
                self.events.append(reply)
        raise ChromiumError(f"{event} did not arrive within {timeout:.0f} s")

    # -- what the report and the tests do ---------------------------------------------------------
    def load(self, page: Path) -> None:
        """Open a local file and wait until it has loaded."""
        self.events.clear()
        url = Path(page).resolve().as_uri()
        result = self.command("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise ChromiumError(f"{url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")

    def print_pdf(self, page: Path) -> bytes:
        """The page printed on A4 with its print stylesheet, no browser header or footer."""
        self.load(page)
        result = self.command("Page.printToPDF", {
            "paperWidth": A4_INCHES[0], "paperHeight": A4_INCHES[1], "printBackground": True,
            "preferCSSPageSize": True, "displayHeaderFooter": False,
        })
        return base64.b64decode(result["data"])

    def evaluate(self, expression: str):
        result = self.command("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise ChromiumError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, full_page: bool = True) -> bytes:
        params = {"format": "png"}
        if full_page:
            size = self.command("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        return base64.b64decode(self.command("Page.captureScreenshot", params)["data"])
