"""A real headless browser for the served wallboard: Debian's chromium driven over the DevTools
protocol (aiohttp's websocket client). The page's websocket traffic, the terminal bytes the served
app sends, is recorded in the page as text, so a test can wait for what the wallboard shows."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

RECORD = """
(() => {
  const Original = window.WebSocket;
  window.__seen = "";
  const decoder = new TextDecoder();
  function record(data) {
    if (typeof data === "string") { window.__seen += data; }
    else if (data instanceof ArrayBuffer) { window.__seen += decoder.decode(data); }
    else if (data && data.text) { data.text().then(text => { window.__seen += text; }); }
  }
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.addEventListener("message", event => record(event.data));
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    def __init__(self, url: str) -> None:
        self.url = url
        self.port = free_port()
        self.profile = Path(tempfile.mkdtemp(prefix="callcoach-chromium-"))
        self.process: subprocess.Popen | None = None
        self.ids = itertools.count(1)

    async def __aenter__(self) -> Browser:
        import aiohttp

        self.process = subprocess.Popen(
            [
                chromium(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1200,700",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.session = aiohttp.ClientSession()
        for _ in range(100):
            try:
                async with self.session.get(f"http://127.0.0.1:{self.port}/json/list") as response:
                    pages = [page for page in await response.json() if page.get("type") == "page"]
                if pages:
                    break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        self.socket = await self.session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        await self.send("Page.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=RECORD)
        await self.send("Page.navigate", url=self.url)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.socket.close()
        await self.session.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    async def send(self, method: str, **params) -> dict:
        number = next(self.ids)
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads((await self.socket.receive()).data)
            if message.get("id") == number:
                return message.get("result", {})

    async def seen(self) -> str:
        result = await self.send("Runtime.evaluate", expression="window.__seen || ''", returnByValue=True)
        return result.get("result", {}).get("value", "")

    async def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds until the page received `text`; AssertionError after `timeout`."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        while loop.time() - began < timeout:
            if text in await self.seen():
                return loop.time() - began
            await asyncio.sleep(0.1)
        raise AssertionError(f"the page never showed {text!r}")

    async def screenshot(self, path: Path) -> None:
        data = (await self.send("Page.captureScreenshot", format="png"))["data"]
        path.write_bytes(base64.b64decode(data))
