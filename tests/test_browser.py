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


SUB_PATH = "/kp"
"""The site is served at the host's root and again below this path, as on an intranet."""


class Site(http.server.SimpleHTTPRequestHandler):
    """The built site as a web server shows it: at ``/`` and at :data:`SUB_PATH`, with the
    language's 404 page (status 404) for whatever is missing, as nginx's ``error_page`` does."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path == SUB_PATH or path.startswith(SUB_PATH + "/"):
            path = path[len(SUB_PATH):] or "/"
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        path = self.path[len(SUB_PATH):] if self.path.startswith(SUB_PATH + "/") else self.path
        lang = path.split("/")[1] if path.count("/") > 1 else ""
        page = Path(self.directory) / (lang if lang in ("hi", "bn") else "") / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(folder: Path):
    handler = functools.partial(Site, directory=str(folder.resolve()))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


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
    httpd, address = serve(site)
    yield address
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


class Watch:
    """Every response of a browser context that failed (its service worker's included) and
    every console error and uncaught exception of its pages."""

    def __init__(self, context):
        self.failures, self.errors = {}, []
        context.on("response", lambda response: response.status >= 400 and self._fail(f"{response.status} {response.url}"))
        # A request that a page's next navigation cut short (net::ERR_ABORTED) has not failed.
        context.on("requestfailed", lambda request: "ERR_ABORTED" not in (request.failure or "")
                   and self._fail(f"{request.failure} {request.url}"))
        context.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        context.on("weberror", lambda error: self.errors.append(str(error.error)))

    def _fail(self, what: str) -> None:
        self.failures[what] = None  # once: a request the service worker passes on is seen twice

    @property
    def failed(self) -> list[str]:
        return list(self.failures)


def phone(browser):
    return browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)


def wait_for_note(tab, state=None):
    note = tab.locator(".kp-offline-note")
    condition = f'[data-state="{state}"]' if state else "[data-state]:not([data-state=failed])"
    tab.locator(".kp-offline-note" + condition).wait_for(state="attached", timeout=30000)
    return note


NOT_FOUND = {"": "Page not found", "hi/": "पृष्ठ नहीं मिला", "bn/": "পৃষ্ঠাটি পাওয়া যায়নি"}


@pytest.mark.parametrize("below", ["", SUB_PATH])
def test_no_request_fails_on_the_home_page_an_sop_search_and_the_404_page(browser, server, below):
    """In each language, at the host's root and below a path: the only 4xx is the missing
    page itself, whose 404 page loads its stylesheets, scripts and search from the site."""
    context = phone(browser)
    watch = Watch(context)
    tab = context.new_page()
    missing = []
    for lang, query in (("", "FIR"), ("hi/", "एफआईआर"), ("bn/", "এফআইআর")):
        for path in ("", "sop/fir/", "404.html"):
            assert tab.goto(f"{server}{below}/{lang}{path}").status == 200, path
        assert search(tab, query).count() > 0
        wait_for_note(tab)  # the service worker has kept the language, every fetch answered
        address = f"{server}{below}/{lang}sop/no-such-page/"
        missing.append(f"404 {address}")
        assert tab.goto(address).status == 404
        assert tab.locator("article h1").inner_text() == NOT_FOUND[lang]
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(64, 81, 181)"
        results = search(tab, query)
        assert results.count() > 0 and results.first.evaluate("a => a.href").startswith(f"{server}{below}/{lang}sop/fir/")
        home = tab.locator("article a").first.evaluate("a => a.href")
        assert home == f"{server}{below}/{lang}"
    assert watch.failed == missing, "\n".join(watch.failed)
    # The console names each missing page's 404 once, and nothing else.
    assert len(watch.errors) == 3 and all(
        error.startswith("Failed to load resource: the server responded with a status of 404 ") for error in watch.errors)
    context.close()


KEPT = {"": "Available offline", "hi/": "ऑफ़लाइन उपलब्ध", "bn/": "অফলাইনে পড়া যাবে"}


@pytest.mark.parametrize(
    "lang, other, query",
    [("", "hi/", "rescue operation"), ("hi/", "bn/", "बचाव अभियान"), ("bn/", "", "উদ্ধার অভিযান")],
)
def test_after_one_page_the_language_reads_and_searches_offline(browser, server, lang, other, query):
    context = phone(browser)
    watch = Watch(context)
    tab = context.new_page()
    site = f"{server}{SUB_PATH}/"
    tab.goto(f"{site}{lang}sop/fir/")
    assert wait_for_note(tab).inner_text() == KEPT[lang]
    assert watch.failed == [] and watch.errors == []
    context.set_offline(True)
    assert tab.goto(f"{site}{lang}sop/rescue/").status == 200
    assert tab.locator("article h1").count() == 1 and tab.locator("html").get_attribute("lang") == (lang[:2] or "en")
    results = search(tab, query)
    assert results.count() > 0 and results.locator("mark").count() > 0
    for href in results.evaluate_all("links => links.map(a => a.href)"):
        path = href[len(site):]
        assert path.startswith(lang) and (lang or not path.startswith(("hi/", "bn/"))), href
    with tab.expect_navigation():
        results.nth(results.count() - 1).click()
    assert tab.locator("article h1").count() == 1
    with pytest.raises(Exception, match="net::ERR_(FAILED|INTERNET_DISCONNECTED)"):
        tab.goto(f"{site}{other}sop/rescue/")  # another language was not kept
    context.close()


def test_a_new_build_is_kept_in_place_of_the_old(browser, site, tmp_path):
    from kp.serviceworker import write_offline_reading

    copy = tmp_path / "site"
    shutil.copytree(site.resolve(), copy)
    httpd, address = serve(copy)
    try:
        context = phone(browser)
        watch = Watch(context)
        tab = context.new_page()
        tab.goto(f"{address}/hi/sop/fir/")
        wait_for_note(tab, "new")
        page = copy / "hi/sop/rescue/index.html"
        page.write_text(page.read_text(encoding="utf-8").replace(
            "</article>", '<p id="kp-new-build">नया संस्करण</p></article>', 1), encoding="utf-8")
        write_offline_reading(copy, ["en", "hi", "bn"], "en")
        tab.reload()
        assert wait_for_note(tab, "updated").inner_text() == "अद्यतन: नया संस्करण ऑफ़लाइन उपलब्ध है"
        context.set_offline(True)
        tab.goto(f"{address}/hi/sop/rescue/")
        assert tab.locator("#kp-new-build").count() == 1
        assert watch.failed == [] and watch.errors == []
        context.close()
    finally:
        httpd.shutdown()


# Real queries an officer types, and the page each must find first.
FIRST_PAGES = [
    ("", "FIR", "sop/fir/"), ("", "compensation", "sop/compensation/"), ("", "repatriation", "sop/repatriation/"),
    ("", "charge sheet", "sop/charge-sheet/"), ("", "online recruitment", "sop/network/"),
    ("", "rescued persons care", "sop/immediate-care/"), ("", "victims", "sop/victim-identification/"),
    ("hi/", "एफआईआर", "hi/sop/fir/"), ("hi/", "प्रतिकर", "hi/sop/compensation/"),
    ("hi/", "प्रत्यावर्तन", "hi/sop/repatriation/"), ("hi/", "आरोप पत्र", "hi/sop/charge-sheet/"),
    ("hi/", "पीड़ितों की पहचान", "hi/sop/victim-identification/"), ("hi/", "बयानों", "hi/sop/statements/"),
    ("hi/", "मजिस्ट्रेटों", "hi/sop/statements/"), ("hi/", "ऑनलाइन भर्ती", "hi/sop/network/"),
    ("hi/", "छुड़ाए व्यक्तियों", "hi/sop/immediate-care/"), ("hi/", "इकाइयों", "hi/manual/ahtu/"),
    ("bn/", "এফআইআর", "bn/sop/fir/"), ("bn/", "ক্ষতিপূরণ", "bn/sop/compensation/"),
    ("bn/", "প্রত্যাবাসন", "bn/sop/repatriation/"), ("bn/", "অভিযোগপত্র", "bn/sop/charge-sheet/"),
    ("bn/", "ভুক্তভোগীদের শনাক্তকরণ", "bn/sop/victim-identification/"), ("bn/", "শিশুদের বয়স", "bn/sop/children/"),
    ("bn/", "ম্যাজিস্ট্রেটের", "bn/sop/statements/"), ("bn/", "অনলাইনে নিয়োগ", "bn/sop/network/"),
    ("bn/", "উদ্ধার হওয়া ব্যক্তিদের", "bn/sop/immediate-care/"), ("bn/", "ইউনিটের", "bn/manual/ahtu/"),
]


def test_real_queries_find_their_page_first(browser, server):
    tab = browser.new_page()
    found = {}
    for lang in ("", "hi/", "bn/"):
        tab.goto(f"{server}/{lang}")
        queries = [query for row_lang, query, _ in FIRST_PAGES if row_lang == lang]
        tab.add_script_tag(url=f"{server}/{lang}kp-search.js")
        firsts = tab.evaluate(
            "queries => queries.map(q => (window.kpSearch.search(window.kpSearchIndex, q)"
            ".map(d => window.kpSearchIndex.docs[d][0])[0] || '').split('#')[0])", queries)
        found.update(zip(((lang, q) for q in queries), firsts))
    assert {(lang, query): found[(lang, query)] for lang, query, _ in FIRST_PAGES} == {
        (lang, query): page for lang, query, page in FIRST_PAGES}
    tab.close()
