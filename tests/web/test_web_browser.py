"""The web app as a person uses it, in headless Chromium: search, open a story, read its figures,
follow a citation to its sentence, see highlighted entities. Screenshots go to $NEWSFUSE_SCREENSHOTS (docs/screenshots/ with `make screenshots`).

Needs Debian's chromium and Playwright for Python; when they are missing the session installs
them (as root, with the package registries reachable), else these tests skip and say why.
"""

from __future__ import annotations

import importlib.util
import os
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
    import httpx

    for row in httpx.get(server + "/api/stories").json()["stories"]:
        story = httpx.get(f"{server}/api/stories/{row['id']}").json()
        statuses = {m["status"] for m in story["facts"]["measures"]}
        if {"agreed", "changed"} <= statuses:
            return story
    pytest.fail("no story of the demo store has both an agreed and a changed figure")


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
    assert {"agreed", "changed"} <= statuses
    changed = page.locator("table.figures tr[data-status=changed]").first
    assert changed.locator(".badge.changed").is_visible()
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
