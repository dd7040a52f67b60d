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
from collections.abc import Callable, Iterable
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
# A4 with the page's print stylesheet, no browser header or footer. Chromium tags the PDF (its
# structure follows the headings and tables) by default, which screen readers need: kept.
PRINT_OPTIONS = {
    "paperWidth": A4_INCHES[0], "paperHeight": A4_INCHES[1], "printBackground": True,
    "preferCSSPageSize": True, "displayHeaderFooter": False,
}


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
    """A headless browser driven over the DevTools protocol, with one or more tabs.

    ``load``, ``evaluate`` and ``screenshot`` act on the first tab; ``print_pdfs`` keeps every tab
    busy. Each tab has its own browser context, hence its own renderer process, so pages print in
    parallel on several cores. ``watch`` records network requests, console messages and log
    entries (what the tests check); printing alone does not need them.
    """

    def __init__(self, binary: str, window: tuple[int, int] = (1280, 900), tabs: int = 1, watch: bool = True):
        self.binary = binary
        self.window = window
        self.tab_count = max(1, tabs)
        self.watch = watch
        self._next_id = 0
        self._replies: dict[int, dict] = {}
        self.events: list[dict] = []
        self.process: subprocess.Popen | None = None
        self.profile: str | None = None
        self.socket = None
        self.session_id: str | None = None
        self.sessions: list[str] = []

    # -- start and stop ---------------------------------------------------------------------------
    def start(self) -> "ChromiumSession":
        """Start the browser without waiting for it: the caller can work while it starts up."""
        if self.process is None:
            self.profile = tempfile.mkdtemp(prefix="wres-chromium-")
            self._log = open(Path(self.profile) / "chromium.log", "wb")  # noqa: SIM115 - closed in __exit__
            try:
                self.process = subprocess.Popen(
                    [self.binary, *FLAGS, f"--user-data-dir={self.profile}",
                     f"--window-size={self.window[0]},{self.window[1]}", "about:blank"],
                    stdout=self._log, stderr=self._log, stdin=subprocess.DEVNULL,
                )
            except OSError as error:
                self.__exit__(None, None, None)
                raise ChromiumError(f"cannot start {self.binary}: {error}") from None
        return self

    def __enter__(self) -> "ChromiumSession":
        self.start()
        try:
            port_file = Path(self.profile) / "DevToolsActivePort"
            deadline = time.monotonic() + START_TIMEOUT
            while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
                if self.process.poll() is not None:
                    raise ChromiumError(f"{self.binary} exited with code {self.process.returncode} at start")
                if time.monotonic() > deadline:
                    raise ChromiumError(f"{self.binary} did not open its DevTools port within {START_TIMEOUT:.0f} s")
                time.sleep(0.05)
            port, path = port_file.read_text().splitlines()[:2]
            # skip_utf8_validation: websocket-client checks UTF-8 in pure Python, byte by byte; a
            # printed PDF arrives as ~1 MB of base64 text, and that check cost more CPU than the
            # print itself. json.loads still rejects a malformed message.
            self.socket = websocket.create_connection(
                f"ws://127.0.0.1:{port}{path}", timeout=COMMAND_TIMEOUT, suppress_origin=True,
                skip_utf8_validation=True,
            )
            for _ in range(self.tab_count):
                self.sessions.append(self._open_tab())
            self.session_id = self.sessions[0]
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _open_tab(self) -> str:
        params = {"url": "about:blank"}
        if self.tab_count > 1:
            # a browser context of its own: a renderer process of its own (file:// pages would
            # otherwise share one), so the tabs print in parallel
            params["browserContextId"] = self.command("Target.createBrowserContext", session=False)["browserContextId"]
        target = self.command("Target.createTarget", params, session=False)["targetId"]
        session = self.command("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log") if self.watch else ("Page",):
            self.command(f"{domain}.enable", session=session)
        self.command("Page.setLifecycleEventsEnabled", {"enabled": True}, session=session)
        self.command("Emulation.setDeviceMetricsOverride",
                     {"width": self.window[0], "height": self.window[1], "deviceScaleFactor": 1, "mobile": False},
                     session=session)
        return session

    def __exit__(self, *exc) -> None:
        closing = self.socket is not None
        if self.socket is not None:
            try:
                self.command("Browser.close", session=False, wait=False)
            except Exception:  # noqa: BLE001 - closing anyway
                pass
            self.socket.close()
            self.socket = None
        if self.process is not None:
            if not closing:
                self.process.terminate()  # never connected (an error before or during start-up)
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
    def send(self, method: str, params: dict | None = None, session: bool | str = True) -> int:
        """Send a command without waiting; its reply is collected by ``receive``. The id is returned."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session_id if session is True else session
        try:
            self.socket.send(json.dumps(message))
        except (websocket.WebSocketException, OSError) as error:
            raise ChromiumError(f"{method}: lost the DevTools connection ({type(error).__name__}: {error})") from None
        return self._next_id

    def receive(self, what: str) -> dict:
        """The next message from the browser (a reply or an event)."""
        try:
            return json.loads(self.socket.recv())
        except (websocket.WebSocketException, OSError) as error:
            raise ChromiumError(f"{what}: lost the DevTools connection ({type(error).__name__}: {error})") from None

    def command(self, method: str, params: dict | None = None, session: bool | str = True, wait: bool = True) -> dict:
        command_id = self.send(method, params, session)
        if not wait:
            return {}
        while True:
            reply = self._replies.pop(command_id, None) or self.receive(method)
            if reply.get("id") == command_id:
                if "error" in reply:
                    raise ChromiumError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
            elif "id" in reply:
                self._replies[reply["id"]] = reply

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
            elif "id" in reply:
                self._replies[reply["id"]] = reply
        raise ChromiumError(f"{event} did not arrive within {timeout:.0f} s")

    # -- what the report and the tests do ---------------------------------------------------------
    def load(self, page: Path) -> None:
        """Open a local file in the first tab and wait until it has loaded."""
        self.events.clear()
        url = Path(page).resolve().as_uri()
        result = self.command("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise ChromiumError(f"{url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")

    def print_pdf(self, page: Path) -> bytes:
        """The page printed on A4 with its print stylesheet, no browser header or footer."""
        printed = {}
        self.print_pdfs([page], lambda path, pdf: printed.setdefault(path, pdf))
        return printed[page]

    def print_pdfs(self, pages: Iterable[Path], on_printed: Callable[[Path, bytes], None]) -> int:
        """Print every page, each tab taking the next page as soon as it is free; on_printed(page,
        pdf bytes) is called as each PDF arrives. ``pages`` is read lazily, so a generator that
        writes each page just before yielding it runs while the tabs print the previous ones."""
        upcoming = iter(pages)
        free = list(reversed(self.sessions))
        busy: dict[str, dict] = {}  # session -> {page, loader, loaded, stage}
        waiting: dict[int, str] = {}  # command id -> session
        printed = 0
        exhausted = False
        while True:
            while free and not exhausted:
                page = next(upcoming, None)
                if page is None:
                    exhausted = True
                    break
                session = free.pop()
                busy[session] = {"page": Path(page), "loader": None, "loaded": set(), "stage": "navigate"}
                waiting[self.send("Page.navigate", {"url": Path(page).resolve().as_uri()}, session)] = session
            if not busy:
                return printed
            message = self._replies.popitem()[1] if self._replies else self.receive("printing")
            if "id" in message:
                session = waiting.pop(message["id"], None)
                if session is None:
                    continue
                job = busy[session]
                if "error" in message:
                    raise ChromiumError(f"{job['page'].name}: {message['error'].get('message')}")
                result = message.get("result", {})
                if job["stage"] == "print":
                    # headless Chromium leaves the page's JavaScript heap behind when the tab moves
                    # on (about 50 MB per report page, 10 GB for a national run): collect it now.
                    # Commands of one session run in order, so the next page waits for it; its
                    # reply has no job and is skipped below.
                    self.send("HeapProfiler.collectGarbage", session=session)
                    on_printed(job["page"], base64.b64decode(result["data"]))
                    printed += 1
                    del busy[session]
                    free.append(session)
                    continue
                if result.get("errorText"):
                    raise ChromiumError(f"{job['page'].resolve().as_uri()}: {result['errorText']}")
                job["loader"], job["stage"] = result.get("loaderId"), "load"
            elif message.get("method") == "Page.lifecycleEvent" and message["params"].get("name") == "load":
                session = message.get("sessionId")
                if session not in busy:
                    continue
                job = busy[session]
                job["loaded"].add(message["params"].get("loaderId"))
            else:
                continue
            # the load event of this navigation may arrive before or after the navigation's reply
            if job["stage"] == "load" and job["loader"] in job["loaded"]:
                job["stage"] = "print"
                waiting[self.send("Page.printToPDF", PRINT_OPTIONS, session)] = session

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
