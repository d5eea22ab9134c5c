/* kp's site behaviour: search in the reader's language (offline too), and a language
   switcher that keeps the section being read. Plain JavaScript, no outside requests. */
(function () {
  "use strict";

  var NATIVE_DIGITS = /[\u0966-\u096F\u09E6-\u09EF]/g;
  var JOINERS = /[\u200C\u200D\u00AD\u2060\uFEFF]/g;
  var WORD = /[\p{L}\p{M}\p{Nd}]+/gu;
  var TOKEN = /[\p{L}\p{M}\p{Nd}\u200C\u200D\u00AD\u2060]+/gu;
  var LETTER = /\p{L}/gu;

  function fold(text) {
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(JOINERS, "")
      .replace(NATIVE_DIGITS, function (d) {
        var code = d.charCodeAt(0);
        return String(code >= 0x09E6 ? code - 0x09E6 : code - 0x0966);
      })
      .normalize("NFC");
  }

  function words(text) {
    return fold(text).match(WORD) || [];
  }

  /* As kp.search.stem: up to three endings of the index's language stripped, longest
     first (the index carries them, longest first), each only if two letters remain. */
  function stem(word, suffixes) {
    for (var round = 0; round < 3; round += 1) {
      var stripped = false;
      for (var i = 0; i < suffixes.length; i += 1) {
        var suffix = suffixes[i];
        if (word.length > suffix.length && word.slice(-suffix.length) === suffix &&
            (word.slice(0, -suffix.length).match(LETTER) || []).length >= 2) {
          word = word.slice(0, -suffix.length);
          stripped = true;
          break;
        }
      }
      if (!stripped) break;
    }
    return word;
  }

  /* Each query word as matched: its stem, which begins the word, finds every indexed word
     or stem it begins; the word itself ranks exact matches first. */
  function queryTerms(index, query) {
    return words(query).map(function (word) {
      return { word: word, stem: stem(word, index.suffixes || []) };
    });
  }

  function matches(term, word, suffixes) {
    return word.indexOf(term.stem) === 0 || stem(word, suffixes).indexOf(term.stem) === 0;
  }

  /* Sections holding every query word, best first: a word in the section's heading, then in
     the page's title, then the word as typed rather than only its stem; then page order. */
  function search(index, query) {
    var terms = queryTerms(index, query);
    if (!terms.length) return [];
    var keys = Object.keys(index.words);
    var suffixes = index.suffixes || [];
    var result = null;
    terms.forEach(function (term) {
      var hits = {};
      keys.forEach(function (key) {
        if (key.indexOf(term.stem) !== 0) return;
        var quality = key === term.word ? 3 : key === term.stem ? 2 : 1;
        index.words[key].forEach(function (doc) {
          hits[doc] = Math.max(hits[doc] || 0, quality);
        });
      });
      if (result === null) {
        result = hits;
      } else {
        Object.keys(result).forEach(function (doc) {
          if (!hits[doc]) delete result[doc];
          else result[doc] += hits[doc];
        });
      }
    });
    function inside(text, term) {
      return words(text).some(function (word) { return matches(term, word, suffixes); });
    }
    function score(doc) {
      var entry = index.docs[doc];
      return terms.reduce(function (total, term) {
        return total + (inside(entry[2], term) ? 20 : 0) + (inside(entry[1], term) ? 10 : 0);
      }, result[doc]);
    }
    return Object.keys(result || {})
      .map(Number)
      .map(function (doc) { return [doc, score(doc)]; })
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, 20)
      .map(function (pair) { return pair[0]; });
  }

  /* ``text`` into ``parent`` as text, its words that match a query word in <mark>. */
  function highlight(parent, text, terms, suffixes) {
    var at = 0;
    text.replace(TOKEN, function (token, offset) {
      var word = fold(token);
      if (terms.some(function (term) { return matches(term, word, suffixes); })) {
        parent.appendChild(document.createTextNode(text.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.textContent = token;
        parent.appendChild(mark);
        at = offset + token.length;
      }
      return token;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function labels() {
    return labelsOf(document.documentElement.lang);
  }

  function labelsOf(lang) {
    return {
      en: { placeholder: "Search", none: "No results", kept: "Available offline",
            updated: "Updated: the new version is available offline" },
      hi: { placeholder: "खोजें", none: "कोई परिणाम नहीं", kept: "ऑफ़लाइन उपलब्ध",
            updated: "अद्यतन: नया संस्करण ऑफ़लाइन उपलब्ध है" },
      bn: { placeholder: "খুঁজুন", none: "কোনো ফল নেই", kept: "অফলাইনে পড়া যাবে",
            updated: "হালনাগাদ: নতুন সংস্করণ অফলাইনে পড়া যাবে" }
    }[lang] || labelsOf("en");
  }

  function installSearch() {
    var meta = document.querySelector('meta[name="kp-search"]');
    var rootMeta = document.querySelector('meta[name="kp-root"]');
    var header = document.querySelector(".md-header__inner");
    if (!meta || !rootMeta || !header) return;
    var indexUrl = meta.getAttribute("content");
    var root = rootMeta.getAttribute("content");
    var text = labels();

    var box = document.createElement("div");
    box.className = "kp-search";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = text.placeholder;
    input.setAttribute("aria-label", text.placeholder);
    input.className = "kp-search__input";
    var list = document.createElement("ol");
    list.className = "kp-search__results";
    list.hidden = true;
    box.appendChild(input);
    box.appendChild(list);
    header.appendChild(box);

    var loading = null;
    function load() {
      if (window.kpSearchIndex) return Promise.resolve(window.kpSearchIndex);
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = indexUrl;
          script.onload = function () { resolve(window.kpSearchIndex); };
          script.onerror = reject;
          document.head.appendChild(script);
        });
      }
      return loading;
    }

    /* Opened from files (the offline copy), a folder's page is its index.html. */
    function local(url) {
      return window.location.protocol === "file:" ? url.replace(/(^|\/)(#|$)/, "$1index.html$2") : url;
    }

    function show(index, hits, query) {
      var terms = queryTerms(index, query);
      var suffixes = index.suffixes || [];
      list.innerHTML = "";
      if (!hits.length) {
        var empty = document.createElement("li");
        empty.className = "kp-search__empty";
        empty.textContent = text.none;
        list.appendChild(empty);
      }
      hits.forEach(function (doc) {
        var entry = index.docs[doc];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + local(entry[0]);
        var title = document.createElement("strong");
        highlight(title, entry[2] === entry[1] ? entry[1] : entry[1] + " › " + entry[2], terms, suffixes);
        var snippet = document.createElement("span");
        highlight(snippet, entry[3], terms, suffixes);
        link.appendChild(title);
        link.appendChild(snippet);
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = false;
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () {
      var query = input.value;
      if (!query.trim()) { list.hidden = true; return; }
      load().then(function (index) {
        if (input.value === query) show(index, search(index, query), query);
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; input.blur(); }
      if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) window.location.href = first.href;
      }
    });
  }

  /* The language switcher links to the same page in another language; the anchors of a
     section are the same in every language, so carry the section along. */
  function keepSection() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[hreflang]");
      if (!link || !window.location.hash) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      window.location.href = link.getAttribute("href").split("#")[0] + window.location.hash;
    }, true);
  }

  /* Offline after the first visit: the service worker (kp-sw.js, at the site's root) keeps
     this page's language; a note in the page's language says so once the copy is whole, or
     that a new build has been kept. Never from file:// (the offline zip), where browsers
     have no service workers, nor where the page names no worker. */
  function keepOffline() {
    var meta = document.querySelector('meta[name="kp-offline"]');
    var rootMeta = document.querySelector('meta[name="kp-root"]');
    if (!meta || !rootMeta || !("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) return;
    var lang = meta.getAttribute("content");
    var note = document.createElement("p");
    note.className = "kp-offline-note";
    note.setAttribute("role", "status");
    var place = document.querySelector(".md-content") || document.body;
    place.appendChild(note);
    var text = labels();
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.kp !== "offline" || data.lang !== lang) return;
      if (data.state === "new" || data.state === "kept") note.textContent = text.kept;
      if (data.state === "updated") note.textContent = text.updated;
      note.setAttribute("data-state", data.state);
      note.setAttribute("data-build", data.build || "");
    });
    var worker = new URL("kp-sw.js", new URL(rootMeta.getAttribute("content"), document.baseURI));
    navigator.serviceWorker.register(worker.href, { updateViaCache: "none" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      registration.active.postMessage({ kp: "keep", lang: lang });
    }).catch(function () { /* a browser that refuses (private mode, plain HTTP): online only */ });
  }

  window.kpSearch = { fold: fold, words: words, stem: stem, search: search };
  document.addEventListener("DOMContentLoaded", function () {
    installSearch();
    keepSection();
    keepOffline();
  });
})();
