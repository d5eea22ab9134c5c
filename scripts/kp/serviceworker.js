/* kp's service worker (kp.serviceworker writes BUILD and LISTS above this line).

   A page of the site tells the worker its language; the worker keeps every file of that
   language's list (kp-offline.json: pages, assets, search index, each with a digest) in a
   cache of its own, and answers the site's requests from the kept files first, so that the
   language reads and searches offline. A new build is a new worker: once installed it
   fetches, for each language kept, only the files whose digest changed, drops the files no
   longer listed, and tells the open pages, which say "updated". Nothing is fetched from
   any other host. */
"use strict";

var SCOPE = self.registration.scope; /* the site's root, wherever it is served */
var PREFIX = "kp-offline " + SCOPE + " "; /* this site's caches: one per language */
var running = {};
var fresh = {}; /* languages this worker brought to a new build, until a page has said so */

function address(path) {
  return new URL(path, SCOPE).href;
}

/* The kept file that answers a request: a folder's address is its index.html. */
function keyOf(url) {
  var parsed = new URL(url);
  parsed.hash = "";
  parsed.search = "";
  var key = parsed.href;
  return key.charAt(key.length - 1) === "/" ? key + "index.html" : key;
}

function tell(lang, state) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (pages) {
    pages.forEach(function (page) {
      page.postMessage({ kp: "offline", lang: lang, state: state, build: BUILD });
    });
  });
}

function fetchAll(cache, paths) {
  /* A few at a time: a phone on a slow connection is still reading the page. */
  var queue = paths.slice();
  function next() {
    var path = queue.shift();
    if (path === undefined) return Promise.resolve();
    return fetch(address(path), { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("kp: " + path + " answered " + response.status);
      return cache.put(address(path), response);
    }).then(next);
  }
  return Promise.all([next(), next(), next(), next()]);
}

/* Bring the kept copy of ``lang`` to this build; "new", "updated" or "kept" (unchanged). */
function keep(lang) {
  if (!LISTS[lang]) return Promise.resolve("none");
  if (running[lang]) return running[lang];
  var listAddress = address(LISTS[lang]);
  var marker = listAddress + "?kept=" + BUILD; /* this build's copy is whole: no need to ask */
  var cache;
  running[lang] = caches.open(PREFIX + lang).then(function (opened) {
    cache = opened;
    return cache.match(marker);
  }).then(function (whole) {
    if (whole) return "kept";
    return check(lang, cache, listAddress, marker);
  }).then(function (state) {
    delete running[lang];
    return state;
  }, function (error) {
    delete running[lang];
    throw error;
  });
  return running[lang];
}

function check(lang, cache, listAddress, marker) {
  return Promise.resolve().then(function () {
    return Promise.all([
      cache.match(listAddress).then(function (kept) { return kept ? kept.json() : null; }),
      fetch(listAddress, { cache: "no-cache", credentials: "same-origin" }),
      cache.keys()
    ]);
  }).then(function (found) {
    var old = found[0], response = found[1], requests = found[2];
    if (!response.ok) throw new Error("kp: " + LISTS[lang] + " answered " + response.status);
    return response.clone().json().then(function (list) {
      var have = {};
      requests.forEach(function (request) { have[request.url] = true; });
      var before = (old && old.files) || {};
      var wanted = Object.keys(list.files);
      var missing = wanted.filter(function (path) {
        return !(have[address(path)] && before[path] === list.files[path]);
      });
      var listed = {};
      wanted.forEach(function (path) { listed[address(path)] = true; });
      listed[listAddress] = true;
      listed[marker] = true;
      var state = old && old.build === list.build && !missing.length ? "kept" : old ? "updated" : "new";
      return fetchAll(cache, missing).then(function () {
        return Promise.all(requests.filter(function (request) { return !listed[request.url]; })
          .map(function (request) { return cache.delete(request); }));
      }).then(function () {
        return cache.put(listAddress, response); /* last: the copy is whole only now */
      }).then(function () {
        return cache.put(marker, new Response(BUILD));
      }).then(function () {
        return state;
      });
    });
  });
}

function keptLanguages() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(PREFIX) === 0; })
      .map(function (name) { return name.slice(PREFIX.length); });
  });
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  /* A new build: bring every language this reader keeps up to date; drop those the site
     no longer has (and everything, for a preview by mkdocs serve, whose LISTS is empty). */
  event.waitUntil(self.clients.claim().then(keptLanguages).then(function (langs) {
    return Promise.all(langs.map(function (lang) {
      if (!LISTS[lang]) return caches.delete(PREFIX + lang);
      return keep(lang).then(function (state) {
        if (state !== "updated") return;
        fresh[lang] = true;
        return tell(lang, state);
      }, function () { /* offline now: the next visit tries again */ });
    }));
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.kp !== "keep" || !LISTS[data.lang]) return;
  var reply = function (state) {
    if (!event.source) return;
    /* The page that brought this worker in may have opened after it told the pages: tell it. */
    if (state === "kept" && fresh[data.lang]) state = "updated";
    if (state === "updated") delete fresh[data.lang];
    event.source.postMessage({ kp: "offline", lang: data.lang, state: state, build: BUILD });
  };
  event.waitUntil(keep(data.lang).then(reply, function () { reply("failed"); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var key = keyOf(request.url);
  event.respondWith(caches.match(key).then(function (kept) {
    return kept || fetch(request);
  }));
});
