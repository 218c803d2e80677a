"""The report in a real browser (headless Debian Chromium): the DOM after the page's script ran.

Skipped when Chromium is not installed (`.ci/run` installs it). Screenshots of the reports
(1280 px wide, and 375 px through a frame) are kept in build/screenshots/ to look at.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLES
from htmlpage import Page
from payloads import ALL_EVIL, broken, hostile

CHROMIUM = next((p for p in (os.environ.get("KORELINT_CHROMIUM"), "/usr/bin/chromium",
                             shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed (apt-get install chromium)")
SHOTS = ROOT / "build" / "screenshots"


def chromium(tmp_path: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--no-first-run", "--disable-extensions", "--disable-sync", "--mute-audio",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                          env={**os.environ, "HOME": str(tmp_path)})


def dom(tmp_path: Path, page: Path) -> str:
    proc = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", page.as_uri())
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc.stdout.decode("utf-8")


def screenshot(tmp_path: Path, page: Path, png: Path, width: int, height: int) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    proc = chromium(tmp_path, "--hide-scrollbars", f"--window-size={width},{height}",
                    f"--screenshot={png}", page.as_uri())
    assert proc.returncode == 0 and png.exists(), proc.stderr.decode(errors="replace")[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def framed(tmp_path: Path, page: Path, frame_style: str, measure: str, name: str = "framed.html",
           body_style: str = "") -> tuple[Path, str]:
    """The page in an iframe of a wrapper page; once it loaded, the JavaScript expression
    `measure` (over `doc`, the framed document) is read back through --dump-dom: (wrapper, value)."""
    wrapper = page.with_name(name)
    wrapper.write_text(
        f'<!DOCTYPE html><html><body style="{body_style}"><iframe id="f" src="{page.name}" '
        f'style="{frame_style}"></iframe>'
        '<script>document.getElementById("f").addEventListener("load", function () {'
        f'var doc = this.contentDocument; setTimeout(function () {{'
        f'document.body.setAttribute("data-found", {measure}); }}, 200); }});</script>'
        '</body></html>')
    proc = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=3000", "--dump-dom",
                    wrapper.as_uri())
    found = Page(proc.stdout.decode()).tags("body")[0].get("data-found")
    assert found, proc.stderr.decode(errors="replace")[-2000:]
    return wrapper, found


def phone(tmp_path: Path, page: Path, png: Path | None = None, height: int = 1600) -> tuple[int, int]:
    """The page in a 375 px wide frame (headless Chromium's windows are at least 500 px wide):
    returns (scroll width, client width) of the framed page, and screenshots it."""
    wrapper, found = framed(tmp_path, page, f"border:0;width:375px;height:{height}px;background:#fff",
                            'doc.documentElement.scrollWidth + " " + doc.documentElement.clientWidth',
                            name="phone.html", body_style="margin:0;background:#e5e7eb")
    if png is not None:
        proc = chromium(tmp_path, "--allow-file-access-from-files", "--hide-scrollbars",
                        f"--window-size=500,{height}", f"--screenshot={png}", wrapper.as_uri())
        assert proc.returncode == 0 and png.exists()
    scroll, client = (int(v) for v in found.split())
    return scroll, client


def test_hostile_report_in_chromium(make_report, tmp_path):
    code, html, out = make_report(hostile())
    assert code == 1
    live = dom(tmp_path, out)
    page = Page(live)
    # no injected handler or script ran: it would have marked the root element
    assert not [a for t, a in page.elements if "data-pwned" in a]
    scripts = page.tags("script")
    assert len(scripts) == 1 and "src" not in scripts[0]
    for tag in ("img", "iframe", "object", "embed", "b", "foreignobject", "image", "use"):
        assert not page.tags(tag), tag
    assert not [a for _, attrs in page.elements for a in attrs if a.startswith("on")]
    text = page.text
    for evil in ALL_EVIL:
        assert evil in text or evil.replace("\\", "\\\\") in text, evil
    ids = page.ids()
    for k in (0, 1):
        assert f"d{k}" in ids and f"d{k}-svg" in ids
    # the page's own script ran (allowed by its CSP hash): the filters are shown
    forms = [a for t, a in page.elements if t == "form"]
    assert forms and "hidden" not in forms[0]
    assert "shown" in text
    screenshot(tmp_path, out, SHOTS / "hostile-1280.png", 1280, 2000)
    scroll, client = phone(tmp_path, out)
    assert scroll <= client


def test_sample_report_in_chromium(make_report, tmp_path):
    code, html, out = make_report(SAMPLES / "publish-status.json")
    assert code == 0
    page = Page(dom(tmp_path, out))
    ids = page.ids()
    assert {"d0", "d0-svg", "kg0-0"} <= ids and {f"d0-n{i}" for i in range(10)} <= ids
    assert "Find Keyword" in page.text and "10241aaa" in page.text
    screenshot(tmp_path, out, SHOTS / "sample-1280.png", 1280, 2000)
    scroll, client = phone(tmp_path, out, SHOTS / "sample-375.png")
    assert scroll <= client  # nothing wider than a phone (drawings scroll inside their frame)


def test_broken_report_in_chromium(make_report, tmp_path):
    code, html, out = make_report(broken())
    page = Page(dom(tmp_path, out))
    ids = page.ids()
    assert all(f"d{k}" in ids and f"d{k}-svg" in ids for k in range(3))
    screenshot(tmp_path, out, SHOTS / "broken-1280.png", 1280, 2600)
    scroll, client = phone(tmp_path, out, SHOTS / "broken-375.png", height=4000)
    assert scroll <= client


def test_a_wide_drawing_opens_on_its_entry_node(make_report, tmp_path):
    """The entry sits far right on the builder's canvas: the drawing's frame is scrolled to it."""
    from helpers import default, dialog, node, publish_status

    nodes = [node("intent0", "intent", default("message1"), metadata={"left": 6000, "top": 600})]
    nodes += [node(f"message{i}", "message", default(f"message{i + 1}" if i < 9 else "end"),
                   metadata={"left": 100 + 250 * (i - 1), "top": 40}) for i in range(1, 10)]
    code, _, out = make_report(publish_status(dialog(*nodes)))
    assert code in (0, 1)
    _, found = framed(tmp_path, out, "width:1000px;height:900px",
                      'doc.querySelector("#d0 .canvas").scrollLeft + " " + '
                      'doc.querySelector("#d0 .canvas").scrollWidth + " " + '
                      'doc.querySelector("#d0 .canvas").clientWidth')
    left, width, client = (int(v) for v in found.split())
    assert width > client  # wider than its frame: it scrolls
    assert left > width / 2  # opened on the entry, at the right end, not at the left edge


def test_a_test_path_picked_lights_up_on_the_drawing(make_report, tmp_path):
    """The picker above a drawing (korelint paths): choosing path 2 marks exactly its nodes and
    edges, fades the rest and lists its steps."""
    import json

    code, html, out = make_report(ROOT / "samples" / "paths" / "order-status.json")
    assert code in (0, 1)
    (pick,) = [a for t, a in Page(html).elements if t == "div" and "path-pick" in (a.get("class") or "")]
    wanted = json.loads(pick["data-paths"])[1]
    _, found = framed(tmp_path, out, "width:1200px;height:900px",
                      '(function () { var s = doc.querySelector("#d0 .path-pick select");'
                      ' s.value = "1"; s.dispatchEvent(new Event("change"));'
                      ' var lit = Array.prototype.map.call(doc.querySelectorAll("#d0-svg .kl-on-path"),'
                      ' function (e) { return e.id; });'
                      ' return JSON.stringify({lit: lit, shown: doc.getElementById("d0-svg").classList'
                      '.contains("kl-path-shown"), steps: doc.querySelectorAll("#d0 .path-walk li").length,'
                      ' visible: !doc.querySelector("#d0 .path-pick").hidden}); })()')
    got = json.loads(found)
    assert got["visible"] and got["shown"]
    assert sorted(got["lit"]) == sorted(wanted["ids"]) and len(wanted["ids"]) >= 5
    assert got["steps"] == len(wanted["steps"])
