"""The web app as a person uses it, in headless Chromium: search, open a story, read its figures,
follow a citation to its sentence, see highlighted entities. Screenshots go to $NEWSFUSE_SCREENSHOTS (docs/screenshots/ with `make screenshots`).

Needs Debian's chromium and Playwright for Python; when they are missing the session installs
them (as root, with the package registries reachable), else these tests skip and say why.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# `make screenshots` points this at docs/screenshots; a plain test run leaves the work tree alone
SCREENSHOTS = Path(os.environ.get("NEWSFUSE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "newsfuse-screenshots")


def _install() -> str | None:
    """Install what is missing; the reason it cannot be done, or None when all is there."""
    missing_browser = not Path(CHROMIUM).exists()
    missing_playwright = importlib.util.find_spec("playwright") is None
    if not (missing_browser or missing_playwright):
        return None
    if os.geteuid() != 0:
        return "chromium or playwright is missing and this is not root (run: apt-get install -y chromium; " \
               "pip install playwright)"
    try:
        if missing_browser:
            subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, timeout=600)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, capture_output=True,
                           timeout=900, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if missing_playwright:
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "playwright"], check=True,
                           capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        return f"could not install chromium/playwright: {exc}"
    importlib.invalidate_caches()
    return None if Path(CHROMIUM).exists() and importlib.util.find_spec("playwright") else "install did not work"


@pytest.fixture(scope="session")
def browser():
    reason = _install()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(demo_db):
    """The real app on 127.0.0.1 and a port the system picks, in a thread."""
    import uvicorn

    from newsfuse.web import create_app

    config = uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=0, log_level="warning")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not served.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    port = served.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    opened.on("request", lambda r: requests.append(r.url))
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    yield opened
    context.close()
    outside = [u for u in requests if not u.startswith((server, "data:"))]
    assert not outside, f"the page fetched from elsewhere: {outside}"
    assert not problems, f"errors in the browser: {problems}"


def story_with_agreed_and_changed(server) -> dict:
    """The story with both an agreed and a changed figure, else the one with most kinds of cross-checked
    figure (how the demo's reports group can vary between runs)."""
    import httpx

    best, kinds = None, set()
    for row in httpx.get(server + "/api/stories").json()["stories"]:
        story = httpx.get(f"{server}/api/stories/{row['id']}").json()
        statuses = {m["status"] for m in story["facts"]["measures"]} - {"single"}
        if {"agreed", "changed"} <= statuses:
            return story
        if len(statuses) > len(kinds):
            best, kinds = story, statuses
    if best is None:
        pytest.fail("no story of the demo store has a figure that outlets agree on, changed or dispute")
    return best


def test_search_open_a_story_and_read_its_figures(page, server):
    import re

    import httpx

    story = story_with_agreed_and_changed(server)
    headline = httpx.get(f"{server}/api/articles/{story['article_ids'][0]}").json()["title"]
    words = " ".join(sorted(re.findall(r"\w{5,}", headline), key=len, reverse=True)[:2])
    page.goto(server + "/")
    page.fill("header input[name=q]", words)
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "stories.png"))
    link = page.locator(f"li[data-story-id='{story['id']}'] a.story-title")
    assert link.count() == 1, "the story is not among the search results"
    link.click()
    page.wait_for_url(f"**/story/{story['id']}")
    assert page.locator("h1").first.inner_text() == story["title"]

    rows = page.locator("table.figures tr.figure")
    statuses = set(rows.evaluate_all("rows => rows.map(r => r.dataset.status)"))
    expected = {m["status"] for m in story["facts"]["measures"]}
    assert statuses == expected
    shown = "changed" if "changed" in statuses else sorted(statuses - {"single"})[0]
    changed = page.locator(f"table.figures tr[data-status={shown}]").first
    assert changed.locator(f".badge.{shown}").is_visible()
    # sources on hover (a tooltip per value) and on expand
    assert "[" in changed.locator("ul.values li").first.get_attribute("title")
    changed.locator("details summary").click()
    assert changed.locator("details ul.sources li").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)
    page.locator("#figures").screenshot(path=str(SCREENSHOTS / "story-figures.png"))


def test_follow_a_citation_from_the_brief_to_its_sentence(page, server):
    story = story_with_agreed_and_changed(server)
    cited = story["brief"]["summary"][0]
    first = cited["citations"][0]
    page.goto(f"{server}/story/{story['id']}")
    page.locator(".brief ol.summary li").first.locator("a.cite").first.click()
    page.wait_for_url(f"**/article/{first['article_id']}#c{first['start']}-{first['end']}")
    target = page.locator(".sent:target")
    assert target.count() == 1
    assert " ".join(target.inner_text().split()) == cited["text"]
    assert page.evaluate("document.querySelector('.sent:target').classList.contains('target')")
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_an_article_shows_a_highlighted_entity(page, server):
    story = story_with_agreed_and_changed(server)
    page.goto(f"{server}/article/{story['article_ids'][0]}")
    entity = page.locator("article.text mark.ent").first
    assert entity.is_visible()
    assert "(" in entity.get_attribute("title")  # "Name (type)"
    assert page.locator("section.removed h2").inner_text() == "Removed as boilerplate"
    page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=True)


def test_a_thread_shows_its_stories_on_a_time_axis(page, server):
    import httpx

    threads = [t for t in httpx.get(server + "/api/threads").json() if len(t["story_ids"]) > 1] or \
        httpx.get(server + "/api/threads").json()
    page.goto(f"{server}/thread/{threads[0]['id']}")
    bars = page.locator("svg.chart a")
    assert bars.count() == len(threads[0]["story_ids"])
    bars.first.click()
    page.wait_for_url("**/story/**")


def test_hostile_articles_run_nothing_in_a_real_browser(browser, hostile_db):
    """The hostile store's pages raise no dialog and run no script but the app's own."""
    import uvicorn

    from newsfuse.web import create_app

    path, made = hostile_db
    served = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    while not served.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{served.servers[0].sockets[0].getsockname()[1]}"
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        story_id = next(iter(made))
        from urllib.parse import quote

        for url in ["/", "/?q=Kosovo", f"/story/{quote(story_id, safe='')}",
                    *[f"/article/{a.id}" for a in made[story_id]]]:
            tab.goto(base + url)
            tab.mouse.move(200, 200)
            for link in tab.locator("a.cite").all()[:3]:
                link.hover()
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 1300, f"{url} is {width}px wide: a long word broke the layout"
        assert not dialogs, f"script from an article ran: {dialogs}"
    finally:
        context.close()
        served.should_exit = True
        thread.join(timeout=10)


# -- every page type: accessibility (axe-core), console, both themes, screenshots --------------------

AXE = Path(__file__).parent / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from the npm registry (`make axe`); installed here when npm is there, else skip."""
    if not AXE.exists() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(AXE.parents[2]), "axe-core@4.14.1"], capture_output=True, timeout=300)
    if not AXE.exists():
        pytest.skip("axe-core is missing (make axe needs npm)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def page_types(server) -> dict[str, str]:
    """One URL of every page type on the demo store, by the name its screenshot gets."""
    import re
    from urllib.parse import quote

    import httpx

    threads = sorted(httpx.get(server + "/api/threads").json(), key=lambda t: -len(t["story_ids"]))
    rows = httpx.get(server + "/api/stories").json()["stories"]
    story = httpx.get(f"{server}/api/stories/{max(rows, key=lambda r: r['article_count'])['id']}").json()
    body = httpx.get(f"{server}/story/{quote(story['id'], safe='')}").text
    entity = next(u for u in re.findall(r'href="(/entity/[^"#]+)"', body))
    outlet = next(u for u in re.findall(r'href="(/outlet/[^"#]+)"', body))
    return {"stories": "/", "search": "/?q=Kosovo+police&entity=Kosovo", "story": f"/story/{quote(story['id'], safe='')}",
            "threads": "/threads", "thread": f"/thread/{quote(threads[0]['id'], safe='')}",
            "article": f"/article/{story['article_ids'][0]}", "entity": entity, "outlet": outlet, "api": "/api",
            "not-found": "/story/no-such-story", "bad-filter": "/?date_from=2023-13-40"}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_page_type_passes_axe_with_no_console_error(browser, server, page_types, axe_source, theme):
    # bypass_csp only lets the test inject axe; the app's own pages stay under their policy
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=theme, bypass_csp=True)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"{tab.url}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"{tab.url}: {e}"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    try:
        for name, url in page_types.items():
            tab.goto(server + url)
            background = tab.evaluate("getComputedStyle(document.body.parentElement).backgroundColor")
            assert (background == "rgb(18, 22, 27)") == (theme == "dark"), (name, background)
            tab.add_script_tag(content=axe_source)
            result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
            if violations:
                found[name] = violations
            # the first screen of each page, as JPEG: two dozen of them stay small enough for the repository
            tab.screenshot(path=str(SCREENSHOTS / f"{name}-{theme}.jpg"), type="jpeg", quality=80)
    finally:
        context.close()
    assert not found, f"WCAG A/AA violations: {found}"
    # 404 and 400 pages answer with their status; the browser logs that as a failed resource, nothing else
    assert not [p for p in problems if "status of 40" not in p], problems


def test_dark_mode_toggle_is_remembered(page, server):
    page.goto(server + "/threads")
    light = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    toggle = page.locator("#theme-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    dark = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert dark != light
    page.goto(server + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == dark
    page.locator("#theme-toggle").click()
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == light


def test_keyboard_reaches_everything_with_a_visible_focus(page, server, page_types):
    page.goto(server + page_types["story"])
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    assert skip == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        element = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href') || '',"
                                " getComputedStyle(document.activeElement).outlineStyle]")
        assert element[2] != "none", f"no visible focus on {element}"
        seen.add(element[1].split("#")[0].split("/")[1] if element[1].startswith("/") else element[1][:1])
    assert {"outlet"} <= seen  # the outlets are reached by keyboard right after the title


def test_the_map_opens_an_event_with_a_click(page, server, page_types):
    import httpx

    for row in httpx.get(server + "/api/stories").json()["stories"]:
        page.goto(f"{server}/story/{row['id']}")
        pins = page.locator("svg.map a.pin.event")
        if pins.count():
            break
    else:
        pytest.skip("no event of the demo store has coordinates")
    target = pins.first.get_attribute("href")
    pins.first.click()
    page.wait_for_url(f"**{target}")
    assert page.locator(f"li{target}").is_visible()
    assert page.locator(f"li{target}").evaluate("el => el.matches(':target')")
    page.locator("#map").screenshot(path=str(SCREENSHOTS / "story-map.png"))


def test_search_filters_in_the_browser(page, server, page_types):
    page.goto(server + "/")
    before = int(page.locator("p.count").get_attribute("data-total"))
    page.fill(".filters input[name=entity]", "Banjska")
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**entity=Banjska**")
    after = int(page.locator("p.count").get_attribute("data-total"))
    assert 0 < after < before
    page.goto(server + "/?q=Kosovo")
    assert page.locator("ul.hits li.hit mark").count() > 0


def test_pages_fit_a_phone(browser, server, page_types):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    try:
        for name in ("story", "thread", "entity", "stories"):
            tab.goto(server + page_types[name])
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 392, f"{name} is {width}px wide on a 390px phone"
            if name in ("story", "thread"):
                tab.screenshot(path=str(SCREENSHOTS / f"{name}-phone.jpg"), type="jpeg", quality=80)
    finally:
        context.close()
