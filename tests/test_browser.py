"""The site in real headless Chromium, as an officer uses it: switch language and stay on the
section, search in each language and open a result, read a glossary tooltip, open the offline
copy from file://. Nothing may be requested from any host but the site's own."""

import functools
import http.server
import re
import shutil
import socketserver
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--headless=new",
]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    for name in ("docs", "mkdocs.yml", "glossary.yml", "legal_refs.yml", "pyproject.toml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    done = subprocess.run([sys.executable, "-m", "kp.cli", "site", "--no-pdf", "--project", str(root)],
                          cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(Quiet, directory=str(site.resolve()))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs Debian's chromium package"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    outside = [url for url in tab.requests if not (url.startswith(server) or url.startswith("file://") or url.startswith("data:"))]
    assert outside == [], "requests left the site"
    context.close()


def test_language_switch_keeps_the_page_and_section(page, server):
    page.goto(f"{server}/sop/rescue/#planning")
    page.locator('a[hreflang="hi"]').first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/hi/sop/rescue/#planning$"))
    assert page.locator("#planning").count() == 1
    assert page.locator("html").get_attribute("lang") == "hi"
    page.locator('a[hreflang="bn"]').first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/bn/sop/rescue/#planning$"))


def search(page, query):
    page.fill(".kp-search__input", query)
    page.wait_for_function(
        "q => document.querySelector('.kp-search__input').value === q && !document.querySelector('.kp-search__results').hidden",
        arg=query,
    )
    return page.locator(".kp-search__results a")


def word_before_danda(relative: str) -> str:
    text = (ROOT / relative).read_text(encoding="utf-8").split("---", 2)[-1]
    return re.search(r"([^\W\d_][\w\u0900-\u097F\u0980-\u09FF]*)।", text).group(1)


@pytest.mark.parametrize(
    "start, queries, prefix",
    [
        ("/", ["rescue operation", "Section 143"], ""),
        ("/hi/", ["धारा 370", "धारा ३७०", "बचाव अभियान"], "/hi/"),
        ("/bn/", ["ধারা 370", "ধারা ৩৭০", "উদ্ধার অভিযান"], "/bn/"),
    ],
)
def test_search_in_each_language_and_open_a_result(page, server, start, queries, prefix):
    page.goto(server + start)
    for query in queries:
        results = search(page, query)
        assert results.count() > 0, query
        for href in results.evaluate_all("links => links.map(a => a.href)"):
            path = href[len(server):]
            assert path.startswith(prefix) and (prefix or not path.startswith(("/hi/", "/bn/"))), (query, path)
    with page.expect_navigation() as navigation:
        results.first.click()
    assert navigation.value.status == 200
    assert page.url.startswith(server + (prefix or "/"))
    assert page.locator("article h1").count() == 1


@pytest.mark.parametrize("lang, relative", [("hi", "docs/hi/sop/rescue.md"), ("bn", "docs/bn/sop/rescue.md")])
def test_a_word_before_a_danda_is_found(page, server, lang, relative):
    page.goto(f"{server}/{lang}/")
    word = word_before_danda(relative)
    assert search(page, word).count() > 0, word


def test_glossary_tooltip_shows(page, server):
    page.goto(f"{server}/hi/sop/rescue/")
    term = page.locator("abbr.kp-term").first
    assert term.count() == 1
    definition = term.get_attribute("title")
    term.hover()
    tooltip = page.locator(".md-tooltip2")
    tooltip.first.wait_for(state="visible")
    assert definition[:20] in tooltip.first.inner_text()


def test_offline_copy_opens_from_file_with_search(browser, site, tmp_path):
    with zipfile.ZipFile(site / "offline/knowledge-products-offline.zip") as archive:
        archive.extractall(tmp_path)
    home = tmp_path / "knowledge-products-offline/bn/index.html"
    context = browser.new_context()
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(home.as_uri())
    results = search(tab, "ধারা ৩৭০")
    assert results.count() > 0
    results.first.click()
    tab.wait_for_load_state()
    assert tab.url.startswith((tmp_path / "knowledge-products-offline/bn").as_uri()) and tab.url.split("#")[0].endswith(".html")
    # Every link between pages opens a page, not a folder listing: the navigation, the switch
    # to another language and back to the home page.
    for link in ('nav.md-nav--primary a.md-nav__link[href$="index.html"]', 'a[hreflang="hi"]',
                 "a.md-header__button.md-logo"):
        target = tab.locator(link).first
        href = target.get_attribute("href")
        assert href.split("#")[0].endswith("index.html"), (link, href)
        tab.goto(target.evaluate("a => a.href"))
        assert tab.locator("article.md-content__inner").count() == 1, (link, tab.url)
    assert all(url.startswith(("file://", "data:")) for url in requests)
    context.close()
