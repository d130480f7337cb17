/* Operator console: search as you type, keyboard shortcuts, copy, call log and answer reports.
 *
 * Plain script, no build step (issue 4 point 7). The server renders both pages; this file adds
 * behaviour to the ids and data attributes they carry (see templates/console/). Every visible
 * string goes through Django's JavaScript catalogue (window.gettext), loaded before this file;
 * plural forms come from its ngettext/npgettext (Russian and Ukrainian have four), and numbers
 * are written in the page's language with Intl, as the server writes them.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (singular, plural, count) { return count === 1 ? singular : plural; };
  var npgettext = window.npgettext || function (_context, singular, plural, count) {
    return ngettext(singular, plural, count);
  };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  };
  var numberFormat = (function () {
    try { return new Intl.NumberFormat(document.documentElement.lang || undefined); }
    catch (_error) { return new Intl.NumberFormat(); }
  }());
  function formatNumber(value) { return numberFormat.format(value); }
  // Long enough to skip most keystrokes of a fast typist, short enough that the last keystroke
  // still paints within the 150 ms budget (docs/console.md).
  var DEBOUNCE_MS = 30;
  // Counting the other languages costs three searches: only once the operator pauses.
  var LANGUAGE_COUNTS_DELAY_MS = 400;
  var FILTERS = ["category", "country", "audience"];
  var ALL_LANGUAGES = "all";  // search.query.ALL_LANGUAGES

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function csrfToken() {
    var meta = $('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function isTyping(event) {
    var target = event.target;
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // --- announcements, copying, posting ---------------------------------------------------------

  var announcer = null;
  function announce(message, kind) {
    if (!announcer) {
      announcer = el("div", {id: "console-announce", role: "status", "aria-live": "polite"});
      document.body.appendChild(announcer);
    }
    announcer.className = kind ? "announce-" + kind : "";
    announcer.textContent = "";
    // A fresh text node after clearing makes screen readers repeat an identical message.
    window.setTimeout(function () { announcer.textContent = message; }, 30);
  }

  function copyText(text) {
    function fallback() {
      var area = el("textarea", {readonly: true, "aria-hidden": "true", class: "copy-buffer"});
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (_error) { done = false; }
      area.remove();
      return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
    }
    var attempt = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text).catch(fallback) : fallback();
    return attempt.then(
      function () { announce(gettext("Copied to the clipboard."), "ok"); },
      function () { announce(gettext("Could not copy. Select the text and copy it by hand."), "error"); }
    );
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || response.statusText);
        return data;
      });
    });
  }

  // The words after each shift count, in the plural form the count needs (templates/console/base.html).
  var SHIFT_NOUNS = {
    answered: function (n) { return npgettext("calls this shift", "answered", "answered", n); },
    referred: function (n) { return npgettext("calls this shift", "referred", "referred", n); },
    no_answer: function (n) { return npgettext("calls this shift", "no answer found", "no answer found", n); },
    total: function (n) { return npgettext("calls this shift", "call in total", "calls in total", n); }
  };

  function updateShift(shift) {
    if (!shift) return;
    $$("#console-shift [data-outcome]").forEach(function (item) {
      var outcome = item.getAttribute("data-outcome");
      var strong = $("strong", item);
      var noun = $(".shift-noun", item);
      var value = shift[outcome];
      if (value === undefined) return;
      if (strong) strong.textContent = formatNumber(value);
      if (noun && SHIFT_NOUNS[outcome]) noun.textContent = SHIFT_NOUNS[outcome](value);
    });
  }

  function logCall(url, body) {
    return postJSON(url, body).then(function (data) {
      updateShift(data.shift);
      announce(gettext("Call logged."), "ok");
    }, function (error) {
      announce(interpolate(gettext("The call was not logged: %(reason)s"), {reason: error.message}, true), "error");
    });
  }

  // "n" asks before logging: a stray key must not add a call to the statistics.
  function confirmNoAnswer(onConfirm) {
    var old = $("#console-confirm");
    if (old) old.remove();
    var previous = document.activeElement;
    function close() {
      box.remove();
      if (previous && previous.focus) previous.focus();
    }
    var yes = el("button", {type: "button", class: "confirm-yes", text: gettext("Log “no answer found”"),
      onclick: function () { close(); onConfirm(); }});
    var no = el("button", {type: "button", text: gettext("Cancel"), onclick: close});
    var box = el("div", {id: "console-confirm", role: "alertdialog", "aria-labelledby": "console-confirm-text",
      onkeydown: function (event) {
        if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); close(); }
      }}, [
      el("p", {id: "console-confirm-text", text: gettext("Log this call as “no answer found”? Press Enter to confirm, Esc to cancel.")}),
      yes, no
    ]);
    ($("#console-main") || document.body).prepend(box);
    yes.focus();
  }

  // --- keyboard help ---------------------------------------------------------------------------

  function setUpHelp() {
    var dialog = $("#console-help");
    var button = $("#console-help-button");
    if (!dialog) return function () {};
    function open() {
      if (dialog.open) return;
      if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    }
    if (button) button.addEventListener("click", open);
    return open;
  }

  // --- the search page -------------------------------------------------------------------------

  function SearchPage(config) {
    this.config = config;
    this.input = $("#console-q");
    this.results = $("#console-results");
    this.filters = $("#console-filters");
    this.chips = $("#console-active-filters");
    this.status = $("#console-status");
    this.sequence = 0;       // number of the latest request sent
    this.shown = 0;          // number of the request whose results are on screen
    this.controller = null;
    this.timer = null;
    this.countsTimer = null;
    this.countsController = null;
    this.lastInput = null;   // {query, at} of the keystroke that produced the current query
    this.body = null;        // the response on screen
    this.languageCounts = {};
    this.state = this.readURL();
    window.__kbPaints = window.__kbPaints || [];
  }

  SearchPage.prototype.readURL = function () {
    var params = new URLSearchParams(window.location.search);
    var state = {q: (params.get("q") || "").slice(0, 200), lang: params.get("lang") || ""};
    if (this.config.locales.indexOf(state.lang) < 0 && state.lang !== ALL_LANGUAGES) state.lang = "";
    FILTERS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  };

  SearchPage.prototype.contentLanguage = function () {
    return this.state.lang || this.config.language;
  };

  SearchPage.prototype.writeURL = function () {
    var params = new URLSearchParams();
    var state = this.state;
    if (state.q) params.set("q", state.q);
    if (state.lang && state.lang !== this.config.language) params.set("lang", state.lang);
    FILTERS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    // Typing replaces the entry: the back button should leave the console, not replay keystrokes.
    window.history.replaceState({selected: this.selectedIndex()}, "", url);
  };

  SearchPage.prototype.hasFilters = function () {
    var state = this.state;
    return FILTERS.some(function (name) { return Boolean(state[name]); });
  };

  SearchPage.prototype.apiParams = function (extra) {
    var params = new URLSearchParams({scope: "operator", q: this.state.q.trim(), locale: this.contentLanguage()});
    var state = this.state;
    FILTERS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    Object.keys(extra || {}).forEach(function (key) { params.set(key, extra[key]); });
    return params;
  };

  SearchPage.prototype.start = function () {
    var self = this;
    this.input.value = this.state.q;
    this.input.addEventListener("input", function (event) {
      performance.mark("kb-input");
      self.state.q = self.input.value.slice(0, 200);
      self.lastInput = {query: self.state.q.trim(), at: event.timeStamp};
      self.schedule(DEBOUNCE_MS);
    });
    this.input.addEventListener("keydown", function (event) { self.onInputKey(event); });
    $("#console-search").addEventListener("submit", function (event) {
      event.preventDefault();
      self.schedule(0);
    });
    this.results.addEventListener("keydown", function (event) { self.onResultKey(event); });
    this.results.addEventListener("click", function (event) {
      var link = event.target.closest("a.result-link");
      if (link) self.remember(Number(link.getAttribute("data-index")));
    });
    var saved = window.history.state && window.history.state.selected;
    var restored = typeof saved === "number" ? saved : null;
    this.run(restored);
    if (restored === null) this.input.focus();
  };

  SearchPage.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.run(); }, delay);
  };

  SearchPage.prototype.run = function (selectAfter) {
    var self = this;
    this.writeURL();
    if (this.controller) this.controller.abort();
    var number = ++this.sequence;
    if (!this.state.q.trim() && !this.hasFilters()) {
      this.controller = null;
      this.shown = number;
      this.render(null);
      return Promise.resolve();
    }
    var controller = this.controller = new AbortController();
    var input = this.lastInput;
    return fetch(this.config.api + "?" + this.apiParams().toString(), {
      credentials: "same-origin", headers: {"Accept": "application/json"}, signal: controller.signal
    }).then(function (response) {
      if (response.status === 401) { window.location.reload(); return null; }
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || response.statusText);
        return body;
      });
    }).then(function (body) {
      // An answer to an older request can arrive after a newer one: it must never replace it.
      if (!body || number < self.shown || number !== self.sequence) return;
      self.shown = number;
      self.render(body, selectAfter);
      self.markPainted(input, body.query);
      self.scheduleLanguageCounts();
    }).catch(function (error) {
      if (error.name === "AbortError" || number !== self.sequence) return;
      self.showError(error.message);
    });
  };

  SearchPage.prototype.markPainted = function (input, query) {
    // requestAnimationFrame runs just before the frame is painted; the task queued from it runs
    // just after, which is when the operator can see the results.
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        performance.mark("kb-painted");
        if (input && input.query === query) {
          var entry = {query: query, ms: performance.now() - input.at};
          window.__kbLastPaint = entry;
          window.__kbPaints.push(entry);
          // A shift is long: keep only the recent timings (the benchmark reads them per query).
          if (window.__kbPaints.length > 500) window.__kbPaints.splice(0, 100);
        }
      }, 0);
    });
  };

  SearchPage.prototype.showError = function (message) {
    this.status.textContent = interpolate(gettext("Search failed: %(reason)s"), {reason: message}, true);
    this.status.className = "status-error";
  };

  // --- rendering ---

  SearchPage.prototype.label = function (kind, value) {
    var labels = this.config.labels[kind] || {};
    return labels[value] || value;
  };

  SearchPage.prototype.render = function (body, selectAfter) {
    this.body = body;
    // Which query the list shows: for assistive tools and the browser tests.
    this.results.setAttribute("data-query", body ? body.query : "");
    this.renderStatus(body);
    this.renderResults(body);
    this.renderFilters(body);
    this.renderChips();
    if (selectAfter !== undefined && selectAfter !== null) this.select(selectAfter);
  };

  SearchPage.prototype.renderStatus = function (body) {
    var status = this.status;
    status.className = "";
    status.textContent = "";
    if (!body) {
      status.textContent = gettext("Type to search. Results appear as you type.");
      return;
    }
    var text = interpolate(ngettext("%(count)s answer", "%(count)s answers", body.total),
      {count: formatNumber(body.total)}, true);
    status.appendChild(el("span", {class: "status-count", text: text}));
    status.appendChild(el("span", {class: "status-took",
      text: interpolate(gettext("%(ms)s ms"), {ms: formatNumber(Math.round(body.took_ms))}, true)}));
    if (body.backend === "database-fallback") {
      status.appendChild(el("span", {class: "status-fallback", role: "note",
        text: gettext("The search server is not answering; these results come from the database.")}));
    }
  };

  // Highlights come from the search API with every character escaped except <mark>…</mark>.
  function highlighted(hit, field) {
    var fragments = hit.highlights && hit.highlights[field];
    var node = el("span");
    if (fragments && fragments.length) node.innerHTML = fragments.join(" … ");
    else node.textContent = hit[field];
    return node;
  }

  SearchPage.prototype.answerURL = function (hit, rank) {
    var params = new URLSearchParams();
    if (this.state.country) params.set("country", this.state.country);
    if (this.body && this.body.log_token) params.set("token", this.body.log_token);
    params.set("rank", String(rank));
    // A fallback hit opens with the same notice, for the language that was searched.
    if (hit.fallback) params.set("language", this.contentLanguage());
    return this.config.answer_base + hit.page_id + "/?" + params.toString();
  };

  // The API writes its notice in the language of its request (cookie or Accept-Language), which
  // need not be the console's: the console writes it in its own, as kb.languages.fallback_notice does.
  SearchPage.prototype.fallbackNotice = function (hit) {
    return interpolate(gettext("Not yet available in %(requested)s; shown in %(shown)s."), {
      requested: this.label("locales", this.contentLanguage()), shown: this.label("locales", hit.language)
    }, true);
  };

  SearchPage.prototype.renderResults = function (body) {
    var self = this;
    var list = this.results;
    list.textContent = "";
    if (!body) return;
    if (!body.hits.length) {
      list.appendChild(el("li", {class: "result-none"}, [
        gettext("No answer found."), " ",
        el("span", {class: "hint", text: gettext("Try other words or remove a filter. Press n to log “no answer found”.")})
      ]));
      return;
    }
    var offset = (body.page - 1) * body.page_size;
    body.hits.forEach(function (hit, index) {
      var rank = offset + index + 1;
      var countries = hit.countries.map(function (code) { return self.label("countries", code); }).join(", ");
      list.appendChild(el("li", {class: "result"}, [
        el("a", {class: "result-link", href: self.answerURL(hit, rank), "data-index": index,
          "data-page-id": hit.page_id, "data-answer-number": hit.answer_number, lang: hit.language}, [
          el("span", {class: "result-number", text: hit.answer_number}),
          // Label the language whenever it is not the one chosen: all languages, or a fallback.
          hit.language !== self.contentLanguage()
            ? el("span", {class: "badge result-language", lang: hit.language, text: self.label("locales", hit.language)})
            : null,
          el("span", {class: "badge status-" + hit.verification_status,
            text: self.label("statuses", hit.verification_status)}),
          el("span", {class: "result-question"}, [highlighted(hit, "question")])
        ]),
        hit.fallback ? el("p", {class: "result-fallback", role: "note", text: self.fallbackNotice(hit)}) : null,
        el("p", {class: "result-short", lang: hit.language}, [highlighted(hit, "short_answer")]),
        el("p", {class: "result-meta"}, [
          el("span", {text: hit.category_name}),
          countries ? el("span", {text: countries}) : null
        ])
      ]));
    });
  };

  SearchPage.prototype.facetGroup = function (name, title, options) {
    var self = this;
    var active = name === "lang" ? this.contentLanguage() : this.state[name];
    var buttons = options.map(function (option) {
      var pressed = option.value === active;
      var count = option.count === undefined || option.count === null ? "" : " (" + formatNumber(option.count) + ")";
      return el("li", {}, [el("button", {type: "button", class: "facet", "aria-pressed": pressed ? "true" : "false",
        "data-facet": name, "data-value": option.value, lang: option.lang,
        onclick: function () { self.toggle(name, option.value); }},
      [option.label, el("span", {class: "facet-count", text: count})])]);
    });
    return el("fieldset", {class: "facet-group", "data-facet": name}, [
      el("legend", {text: title}), el("ul", {}, buttons)
    ]);
  };

  SearchPage.prototype.renderFilters = function (body) {
    var self = this;
    var focused = document.activeElement && document.activeElement.closest("#console-filters")
      ? [document.activeElement.getAttribute("data-facet"), document.activeElement.getAttribute("data-value")] : null;
    this.filters.textContent = "";
    var facets = (body && body.facets) || {};
    function options(name, kind) {
      var list = (facets[name] || []).map(function (item) {
        return {value: item.value, count: item.count, label: self.label(kind, item.value)};
      });
      // An active filter stays visible, so it can be seen and undone, even with no hits left.
      if (self.state[name] && !list.some(function (item) { return item.value === self.state[name]; })) {
        list.unshift({value: self.state[name], count: 0, label: self.label(kind, self.state[name])});
      }
      return list;
    }
    var languages = this.config.locales.map(function (code) {
      return {value: code, count: self.languageCounts[code], label: self.label("locales", code), lang: code};
    });
    languages.push({value: ALL_LANGUAGES, count: undefined, label: gettext("All languages")});
    this.filters.appendChild(this.facetGroup("lang", gettext("Content language"), languages));
    [["category", "categories", gettext("Category")], ["country", "countries", gettext("Country")],
      ["audience", "audiences", gettext("Audience")]].forEach(function (facet) {
      var list = options(facet[0], facet[1]);
      if (list.length) self.filters.appendChild(self.facetGroup(facet[0], facet[2], list));
    });
    if (focused) {
      var again = $('#console-filters button[data-facet="' + focused[0] + '"][data-value="' + CSS.escape(focused[1] || "") + '"]');
      if (again) again.focus();
    }
  };

  SearchPage.prototype.renderChips = function () {
    var self = this;
    this.chips.textContent = "";
    var chips = [];
    if (this.state.lang && this.state.lang !== this.config.language) {
      chips.push(["lang", gettext("Content language"),
        this.state.lang === ALL_LANGUAGES ? gettext("All languages") : this.label("locales", this.state.lang)]);
    }
    [["category", "categories", gettext("Category")], ["country", "countries", gettext("Country")],
      ["audience", "audiences", gettext("Audience")]].forEach(function (facet) {
      if (self.state[facet[0]]) chips.push([facet[0], facet[2], self.label(facet[1], self.state[facet[0]])]);
    });
    chips.forEach(function (chip) {
      var text = chip[1] + ": " + chip[2];
      self.chips.appendChild(el("li", {}, [el("button", {type: "button", class: "chip", "data-filter": chip[0],
        "aria-label": interpolate(gettext("Remove filter %(filter)s"), {filter: text}, true),
        onclick: function () { self.toggle(chip[0], null); self.input.focus(); }},
      [text, el("span", {class: "chip-remove", "aria-hidden": "true", text: " ×"})])]));
    });
    this.chips.hidden = chips.length === 0;
  };

  // --- filters and selection ---

  SearchPage.prototype.toggle = function (name, value) {
    if (name === "lang") {
      this.state.lang = value && value !== this.contentLanguage() ? value : "";
      // Categories are named per language; the slug of one language's category means nothing in another.
      this.state.category = "";
      this.languageCounts = {};
    } else {
      this.state[name] = value && value !== this.state[name] ? value : "";
    }
    this.lastInput = null;
    this.run();
  };

  SearchPage.prototype.clearFilters = function () {
    var self = this;
    FILTERS.forEach(function (name) { self.state[name] = ""; });
    this.state.lang = "";
    this.run();
  };

  SearchPage.prototype.links = function () { return $$("a.result-link", this.results); };

  SearchPage.prototype.selectedIndex = function () {
    var active = document.activeElement;
    return active && active.classList && active.classList.contains("result-link")
      ? Number(active.getAttribute("data-index")) : null;
  };

  SearchPage.prototype.select = function (index) {
    var links = this.links();
    if (!links.length) return;
    var link = links[Math.max(0, Math.min(index, links.length - 1))];
    link.focus();
    link.scrollIntoView({block: "nearest"});
    this.remember(Number(link.getAttribute("data-index")));
  };

  SearchPage.prototype.remember = function (index) {
    window.history.replaceState({selected: index}, "", window.location.href);
  };

  SearchPage.prototype.selectedHit = function () {
    var index = this.selectedIndex();
    if (index === null) index = 0;
    return this.body && this.body.hits[index];
  };

  SearchPage.prototype.onInputKey = function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      this.select(0);
    } else if (event.key === "Enter") {
      event.preventDefault();
      var first = this.links()[0];
      // Enter in the box opens the top answer once the results match what was typed.
      if (first && this.body && this.body.query === this.state.q.trim() && !this.resultsStale()) first.click();
      else this.schedule(0);
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (this.input.value) {
        this.input.value = "";
        this.state.q = "";
        this.lastInput = null;
        this.run();
      } else {
        this.clearFilters();
      }
    }
  };

  SearchPage.prototype.resultsStale = function () {
    return this.body === null || this.sequence !== this.shown;
  };

  SearchPage.prototype.onResultKey = function (event) {
    var index = this.selectedIndex();
    if (index === null) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      this.select(index + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (index === 0) this.input.focus(); else this.select(index - 1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.input.focus();
    }
  };

  SearchPage.prototype.onShortcut = function (event) {
    var hit;
    if (event.key === "c" && (hit = this.selectedHit())) {
      copyText(hit.short_answer);
      return true;
    }
    if (event.key === "n") {
      var self = this;
      confirmNoAnswer(function () {
        logCall(self.config.calls, {outcome: "no_answer", entry: null, organisation: null,
          category: self.state.category, country: self.state.country,
          language: self.contentLanguage() === ALL_LANGUAGES ? "" : self.contentLanguage()});
      });
      return true;
    }
    if (event.key === "Escape" && !isTyping(event)) {
      this.input.focus();
      return true;
    }
    return false;
  };

  // --- result counts in the other content languages ---

  SearchPage.prototype.scheduleLanguageCounts = function () {
    var self = this;
    window.clearTimeout(this.countsTimer);
    if (this.countsController) this.countsController.abort();
    if (!this.config.language_counts || (!this.state.q.trim() && !this.hasFilters())) return;
    var number = this.sequence;
    this.countsTimer = window.setTimeout(function () {
      var controller = self.countsController = new AbortController();
      var params = self.apiParams();
      params.delete("category");
      fetch(self.config.language_counts + "?" + params.toString(), {
        credentials: "same-origin", headers: {"Accept": "application/json"}, signal: controller.signal
      }).then(function (response) { return response.ok ? response.json() : null; }).then(function (data) {
        if (!data || number !== self.sequence) return;
        self.languageCounts = data.counts || {};
        self.languageCounts[self.contentLanguage()] = self.body ? self.body.total : undefined;
        self.renderFilters(self.body);
      }).catch(function () { /* counts are a hint; the results already stand */ });
    }, LANGUAGE_COUNTS_DELAY_MS);
  };

  // --- the answer page -------------------------------------------------------------------------

  function AnswerPage(article) {
    this.article = article;
    this.back = $("#answer-back");
  }

  AnswerPage.prototype.start = function () {
    var self = this;
    var referrer = document.referrer ? new URL(document.referrer) : null;
    this.cameFromSearch = referrer && referrer.origin === window.location.origin &&
      referrer.pathname === new URL(this.back.href).pathname;
    if (this.cameFromSearch) this.back.href = referrer.pathname + referrer.search;
    this.reportOpened();
    $$("form#call-log button[name=outcome]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        self.logOutcome(button.value);
      });
    });
    var report = $("#answer-report");
    if (report) {
      report.addEventListener("submit", function (event) {
        event.preventDefault();
        var reason = $("select[name=reason]", report).value;
        if (!reason) { $("select[name=reason]", report).focus(); return; }
        postJSON(self.article.getAttribute("data-report-url"), {reason: reason}).then(function (data) {
          announce(data.already_open ? gettext("You have already reported this; editors will check it.")
            : gettext("Thank you. Editors will check this answer."), "ok");
        }, function (error) {
          announce(interpolate(gettext("The report was not sent: %(reason)s"), {reason: error.message}, true), "error");
        });
      });
    }
  };

  AnswerPage.prototype.reportOpened = function () {
    var token = this.article.getAttribute("data-log-token");
    if (!token) return;
    var body = {log_token: token, answer_number: this.article.getAttribute("data-answer-number")};
    var rank = this.article.getAttribute("data-rank");
    if (rank) body.rank = Number(rank);
    fetch(this.article.getAttribute("data-opened-url"), {
      method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body), keepalive: true
    }).catch(function () { /* analytics never block an answer */ });
    // A reload must not report the same opening again.
    var url = new URL(window.location.href);
    url.searchParams.delete("token");
    url.searchParams.delete("rank");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  };

  AnswerPage.prototype.logOutcome = function (outcome) {
    var article = this.article;
    var organisation = $("#call-log-organisation");
    var chosen = organisation && organisation.value ? Number(organisation.value) : null;
    if (outcome === "referred" && !chosen && organisation) {
      announce(gettext("Choose the organisation the caller was referred to."), "error");
      organisation.focus();
      return;
    }
    logCall(article.getAttribute("data-calls-url"), {
      outcome: outcome, entry: outcome === "no_answer" ? null : Number(article.getAttribute("data-page-id")),
      organisation: outcome === "referred" ? chosen : null,
      category: article.getAttribute("data-category"), country: article.getAttribute("data-country"),
      language: article.getAttribute("data-language")
    });
  };

  AnswerPage.prototype.goBack = function () {
    if (this.cameFromSearch && window.history.length > 1) window.history.back();
    else window.location.href = this.back.href;
  };

  AnswerPage.prototype.onShortcut = function (event) {
    var self = this;
    if (event.key === "Escape") { this.goBack(); return true; }
    if (event.key === "c") { copyText($("#answer-short").textContent.trim()); return true; }
    if (event.key === "a") { this.logOutcome("answered"); return true; }
    if (event.key === "n") { confirmNoAnswer(function () { self.logOutcome("no_answer"); }); return true; }
    return false;
  };

  // --- wiring ----------------------------------------------------------------------------------

  function start() {
    var configNode = $("#console-config");
    var config = configNode ? JSON.parse(configNode.textContent) : null;
    var article = $("#console-answer");
    var page = config ? new SearchPage(config) : article ? new AnswerPage(article) : null;
    var openHelp = setUpHelp();
    if (!page) return;
    page.start();

    $$("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = $(button.getAttribute("data-copy"));
        if (source) copyText(source.textContent.trim());
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      var help = $("#console-help");
      if (help && help.open) return; // the dialog closes itself on Esc
      if ($("#console-confirm")) return;
      if (event.key === "/" && !isTyping(event) && page.input) {
        event.preventDefault();
        page.input.focus();
        page.input.select();
        return;
      }
      if (event.key === "?" && !isTyping(event)) {
        event.preventDefault();
        openHelp();
        return;
      }
      if (isTyping(event) && event.key !== "Escape") return;
      if (page.onShortcut(event)) event.preventDefault();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
