/* kp's site behaviour: search in the reader's language (offline too), and a language
   switcher that keeps the section being read. Plain JavaScript, no outside requests. */
(function () {
  "use strict";

  var NATIVE_DIGITS = /[\u0966-\u096F\u09E6-\u09EF]/g;
  var JOINERS = /[\u200C\u200D\u00AD\u2060\uFEFF]/g;
  var WORD = /[\p{L}\p{M}\p{Nd}]+/gu;

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

  function search(index, query) {
    var terms = words(query);
    if (!terms.length) return [];
    var keys = Object.keys(index.words);
    var result = null;
    terms.forEach(function (term, position) {
      var last = position === terms.length - 1;
      var hits = {};
      keys.forEach(function (key) {
        if (key === term || (last && key.indexOf(term) === 0)) {
          index.words[key].forEach(function (doc) { hits[doc] = true; });
        }
      });
      if (result === null) {
        result = hits;
      } else {
        Object.keys(result).forEach(function (doc) { if (!hits[doc]) delete result[doc]; });
      }
    });
    /* Sections whose heading or page title holds the words come first, then page order. */
    function score(doc) {
      var entry = index.docs[doc];
      var titleWords = words(entry[1] + " " + entry[2]);
      return terms.reduce(function (total, term, position) {
        var last = position === terms.length - 1;
        var inTitle = titleWords.some(function (word) {
          return word === term || (last && word.indexOf(term) === 0);
        });
        return total + (inTitle ? 1 : 0);
      }, 0);
    }
    return Object.keys(result || {})
      .map(Number)
      .map(function (doc) { return [doc, score(doc)]; })
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, 20)
      .map(function (pair) { return pair[0]; });
  }

  function labels() {
    var lang = document.documentElement.lang;
    return {
      en: { placeholder: "Search", none: "No results" },
      hi: { placeholder: "खोजें", none: "कोई परिणाम नहीं" },
      bn: { placeholder: "খুঁজুন", none: "কোনো ফল নেই" }
    }[lang] || { placeholder: "Search", none: "No results" };
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

    function show(index, hits) {
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
        title.textContent = entry[2] === entry[1] ? entry[1] : entry[1] + " › " + entry[2];
        var snippet = document.createElement("span");
        snippet.textContent = entry[3];
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
        if (input.value === query) show(index, search(index, query));
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

  window.kpSearch = { fold: fold, words: words, search: search };
  document.addEventListener("DOMContentLoaded", function () {
    installSearch();
    keepSection();
  });
})();
