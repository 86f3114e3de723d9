"""The reports as a reader sees them: opened in headless Chromium with only the shipped font.

Every notebook is built into a temporary folder (in English, and in Chinese with
``-p lang zh``) by ``wzdata reports`` (the ``site`` fixture of ``conftest.py``: it builds
while the other tests run, and these run last), then each page and the index is loaded
at 1280 px through the Chrome DevTools protocol (over a pipe, no extra package) with a
fontconfig that knows only ``wzdata/fonts``. Checked: no console error or exception,
every image loaded with a size, no table wider than the page unless it sits in its own
scroll container, no character outside the shipped font, and every link resolving (a
page, a file or an anchor).

The browser tests skip, with the reason, when Chromium is not installed; the checks of
the built pages that need no browser always run.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from wzdata import fonts
from wzdata.notebooks import page as reportpage
from wzdata.study import settings as config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and Path("/usr/bin/chromium").exists():
    CHROMIUM = "/usr/bin/chromium"
WIDTH = 1280


def _pages(site: Path) -> list[Path]:
    pages = sorted(p for p in site.glob("*.html") if not p.name.endswith(".failed.html"))
    assert (site / "index.html") in pages and len(pages) >= 3
    return pages


# --------------------------------------------------------------------------- no browser


def test_every_character_of_every_page_is_in_the_shipped_font(site: Path) -> None:
    for page in _pages(site):
        text = reportpage.page_text(page.read_text(encoding="utf-8"))
        assert fonts.covers(text) == [], f"{page.name}: characters without a glyph; run make font"
        assert "\ufffd" not in text, f"{page.name}: a replacement character"


def test_pages_show_no_raw_table_output(site: Path) -> None:
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        text = reportpage.page_text(html)
        assert 'class="dataframe' not in html, f"{page.name}: a plain pandas table"
        assert not re.search(r"\bNaN\b", text), f"{page.name}: NaN shown"
        assert "UserWarning" not in text and "findfont" not in text, page.name
        assert str(config.PROJ_ROOT) not in text, f"{page.name}: a local path"
        for header in re.findall(r'class="gt_col_heading[^"]*"[^>]*>(.*?)</th>', html, re.S):
            plain = re.sub(r"<[^>]+>", "", header)
            assert not re.search(r"[a-z]+_[a-z]+", plain), f"{page.name}: header {plain!r}"


def test_zh_reports_label_in_chinese(site: Path) -> None:
    page = (site / "03-trends--lang-zh.html").read_text(encoding="utf-8")
    headers = re.findall(r'class="gt_col_heading[^"]*"[^>]*>(.*?)</th>', page, re.S)
    assert headers and all(re.search(r"[\u4e00-\u9fff]|^\s*p\s*$|%", h) for h in headers)
    assert "图 1." in page and "Figure 1." not in page


# --------------------------------------------------------------------------- browser


class DevTools:
    """A minimal Chrome DevTools protocol client over ``--remote-debugging-pipe``."""

    def __init__(self, user_dir: Path, env: dict[str, str]) -> None:
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={user_dir}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        argv = " ".join(f"'{a}'" for a in [CHROMIUM, *flags])
        self.proc = subprocess.Popen(
            ["bash", "-c", f"exec {argv} 3<&{cmd_r} 4>&{res_w}"],
            pass_fds=(cmd_r, res_w),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(cmd_r)
        os.close(res_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._res_r], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed the pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(
        self, method: str, session: str | None = None, timeout: float = 30, **params: Any
    ) -> Any:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            answer = self._read(timeout)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for i, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            ev = self._read(max(0.1, deadline - time.monotonic()))
            if ev.get("method") == method:
                return ev
            self.events.append(ev)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (OSError, TimeoutError, ConnectionError, RuntimeError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._cmd_w)
        os.close(self._res_r)


_CHECKS = r"""
(async () => {
  await document.fonts.ready;
  await new Promise(r => setTimeout(r, 300));
  const width = document.documentElement.clientWidth;
  const images = [...document.images].map(i => ({src: i.src.slice(0, 40), ok: i.complete,
    w: i.naturalWidth, h: i.naturalHeight}));
  const wide = [];
  for (const t of document.querySelectorAll('table')) {
    const box = t.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let el = t.parentElement, held = false;
    while (el && el !== document.body) {
      const s = getComputedStyle(el);
      const inside = el.getBoundingClientRect().right <= width + 1;
      if (['auto', 'scroll'].includes(s.overflowX) && inside) {
        held = true; break;
      }
      el = el.parentElement;
    }
    if (!held) wide.push((t.id || t.className || 'table') + ' ' + Math.round(box.right));
  }
  const ids = new Set([...document.querySelectorAll('[id]')].map(e => e.id));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  const faces = [...document.fonts].filter(f => f.family.includes('wzdata'))
    .map(f => f.status);
  return JSON.stringify({images, wide, ids: [...ids], links, faces,
    text: document.body.innerText, scrollWidth: document.documentElement.scrollWidth, width});
})()
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Chromium with a fontconfig that knows only the shipped font."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    home = tmp_path_factory.mktemp("chromium")
    font_dir = home / "fonts"
    font_dir.mkdir()
    shutil.copy(fonts.FONT_PATH, font_dir / fonts.FONT_PATH.name)
    conf = home / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"<dir>{font_dir}</dir>\n<cachedir>{home / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(home))
    tools = DevTools(home / "profile", env)
    try:
        tools.send("Browser.getVersion", timeout=60)
    except (TimeoutError, ConnectionError) as exc:
        tools.close()
        pytest.skip(f"Chromium did not start: {exc}")
    yield tools
    tools.close()


def _open(tools: DevTools, url: str) -> tuple[dict[str, Any], list[str]]:
    target = tools.send("Target.createTarget", url="about:blank")["targetId"]
    session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    tools.events.clear()
    for domain in ("Runtime", "Log", "Page"):
        tools.send(f"{domain}.enable", session)
    tools.send(
        "Emulation.setDeviceMetricsOverride",
        session,
        width=WIDTH,
        height=900,
        deviceScaleFactor=1,
        mobile=False,
    )
    tools.send("Page.navigate", session, url=url)
    tools.wait_for("Page.loadEventFired", timeout=60)
    res = tools.send("Runtime.evaluate", session, timeout=60, expression=_CHECKS, awaitPromise=True)
    errors = []
    for ev in tools.events:
        p = ev.get("params", {})
        if ev.get("method") == "Runtime.exceptionThrown":
            errors.append(
                p["exceptionDetails"].get("text", "")
                + str(p["exceptionDetails"].get("exception", {}).get("description", ""))
            )
        elif ev.get("method") == "Runtime.consoleAPICalled" and p.get("type") in (
            "error",
            "assert",
        ):
            errors.append(
                " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
            )
        elif ev.get("method") == "Log.entryAdded" and p["entry"]["level"] == "error":
            errors.append(p["entry"]["text"])
    tools.send("Target.closeTarget", targetId=target)
    return json.loads(res["result"]["value"]), errors


def _ids_of(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def test_pages_in_chromium_with_only_the_shipped_font(site: Path, browser: DevTools) -> None:
    problems: list[str] = []
    for page in _pages(site):
        got, errors = _open(browser, page.as_uri())
        name = page.name
        problems += [f"{name}: console: {e}" for e in errors]
        for img in got["images"]:
            if not (img["ok"] and img["w"] > 0 and img["h"] > 0):
                problems.append(f"{name}: image not loaded: {img['src']}")
        problems += [f"{name}: table wider than the page: {w}" for w in got["wide"]]
        if got["scrollWidth"] > got["width"] + 1:
            problems.append(f"{name}: page scrolls sideways ({got['scrollWidth']} px)")
        missing = fonts.covers(got["text"])
        if missing:
            problems.append(f"{name}: characters without a glyph: {''.join(missing)}")
        if got["text"].strip() and got["faces"] != ["loaded"]:
            problems.append(f"{name}: the shipped web font did not load: {got['faces']}")
        ids = set(got["ids"])
        for href in got["links"]:
            url = urllib.parse.urlsplit(href)
            if url.scheme in ("http", "https"):
                if not url.netloc:
                    problems.append(f"{name}: malformed link {href}")
                continue
            if url.scheme or href.startswith("//"):
                problems.append(f"{name}: link of another kind: {href}")
                continue
            if not url.path:
                if url.fragment not in ids:
                    problems.append(f"{name}: anchor #{url.fragment} not on the page")
                continue
            target = (page.parent / urllib.parse.unquote(url.path)).resolve()
            if not target.is_file():
                problems.append(f"{name}: link to a missing file {href}")
            elif url.fragment and url.fragment not in _ids_of(target):
                problems.append(f"{name}: anchor {href} not in its page")
    assert not problems, "\n".join(problems)


def test_a_report_looks_the_same_in_two_loads(site: Path, browser: DevTools) -> None:
    page = site / "04-claim-audit.html"
    first, _ = _open(browser, page.as_uri())
    second, _ = _open(browser, page.as_uri())
    assert first["text"] == second["text"] and "Figure 1." in first["text"]
