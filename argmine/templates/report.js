(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmine-data").textContent);
  var tip = document.getElementById("tooltip");
  var themes = data.themes;
  var labels = data.labels;

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { el.textContent = text; }
    if (cls) { el.className = cls; }
    parent.appendChild(el);
    return el;
  }
  function fmt(x) { return (x >= 0 ? "+" : "") + x.toFixed(2); }
  function themeName(id) { return themes[id] ? themes[id].name : id; }
  // A theme's name in a <bdi>, marked with its language (zh-Hant for a Traditional name); short: its Chinese name
  // alone (the evidence lines), the full label is in the lines above.
  function addTheme(parent, id, short) {
    var el = add(parent, "bdi", themes[id] ? (short ? themes[id].short : themes[id].name) : id);
    if (themes[id] && themes[id].lang) { el.lang = themes[id].lang; }
    return el;
  }
  // Own keys only: an evidence term such as "constructor" is not looked up on Object.prototype.
  function label(map, key) { return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key; }

  // Fill the tooltip from the unit's record, with textContent only: no input text is parsed as HTML.
  function fill(u) {
    // u = [id, kind, themes, scores, sentiment, sentiment_score, evidence]
    tip.textContent = "";
    // Ids, theme names and evidence terms go into <bdi>: their bidi controls cannot reorder the rest.
    var head = add(tip, "div", null, "tt-id");
    add(head, "bdi", u[0]);
    head.appendChild(document.createTextNode(" · " + label(labels.kinds, u[1])));
    var names = add(tip, "div", u[2].length ? null : "无主题 other", "tt-themes");
    u[2].forEach(function (t, i) {
      if (i) { names.appendChild(document.createTextNode(" + ")); }
      addTheme(names, t);
    });
    var table = add(tip, "table", null, "tt-scores");
    Object.keys(u[3]).sort(function (a, b) { return u[3][b] - u[3][a]; }).forEach(function (t) {
      var tr = add(table, "tr");
      var sw = add(add(tr, "td"), "span", null, "swatch");
      if (themes[t]) { sw.style.background = themes[t].color; }
      addTheme(add(tr, "td"), t);
      add(tr, "td", u[3][t].toFixed(3), "num");
    });
    add(tip, "div", "情感 sentiment: " + label(labels.sentiments, u[4]) + " (" + fmt(u[5]) + ")", "tt-sentiment tt-" + u[4]);
    if (u[6].length) {
      // Evidence terms are model features read from the normalised (Simplified) text.
      add(tip, "div", "证据 evidence (model features, normalised text 归一化文本):", "tt-evidence-title");
      var ul = add(tip, "ul", null, "tt-evidence");
      // A cue found several times is one line, "稳定 ×4 → theme +0.50" (the same term, target and weight).
      var lines = [], seen = {};
      u[6].forEach(function (e) {
        var key = JSON.stringify(e);
        if (Object.prototype.hasOwnProperty.call(seen, key)) { seen[key].n += 1; return; }
        seen[key] = { e: e, n: 1 };
        lines.push(seen[key]);
      });
      lines.forEach(function (line) {
        var e = line.e, li = add(ul, "li");
        add(li, "bdi", label(labels.terms, e[1]));
        li.appendChild(document.createTextNode((line.n > 1 ? " ×" + line.n : "") + " → "));
        if (label(labels.targets, e[0]) === e[0]) {
          if (themes[e[0]]) { add(li, "span", null, "swatch").style.background = themes[e[0]].color; }
          addTheme(li, e[0], true);
        } else { add(li, "bdi", label(labels.targets, e[0])); }
        li.appendChild(document.createTextNode(" " + fmt(e[2])));
      });
    }
  }

  var current = null;
  // By the pointer: below right of it, or above/left of it where the window ends.
  // (The tooltip is never taller than the window, its CSS max-height: its top always lies in the window.)
  function place(ev) {
    tip.style.maxHeight = "";
    var pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
    var x = ev.clientX + pad, y = ev.clientY + pad;
    if (x + w > window.innerWidth) { x = Math.max(0, ev.clientX - w - pad); }
    if (y + h > window.innerHeight) { y = Math.max(0, Math.min(ev.clientY - h - pad, window.innerHeight - h)); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  // By a focused unit (its rect r): below it, else above its top, else beside it, so that it hides none of the
  // unit's text; false where none of these has room for the whole tooltip (see focusin): then it goes on the side
  // with more room, above or below the unit, cut to that room (it scrolls inside); only a unit that leaves less
  // than MIN_ROOM of the window above and below it is covered.
  var PAD = 4, MIN_ROOM = 48, natural = 0;  // natural: the tooltip's height before it was cut to the room
  function placeBy(r) {
    tip.style.maxHeight = "";
    var w = tip.offsetWidth, h = natural = tip.offsetHeight, vw = window.innerWidth, vh = window.innerHeight;
    var x = Math.max(0, Math.min(r.left, vw - w)), y, clear = true;
    var top = Math.max(r.top, 0), bottom = Math.min(r.bottom, vh);  // the part of the unit in the window
    if (bottom + PAD + h <= vh) { y = bottom + PAD; }
    else if (top - PAD - h >= 0) { y = top - PAD - h; }
    else {
      y = Math.max(0, Math.min(top, vh - h));
      if (r.right + PAD + w <= vw) { x = r.right + PAD; }
      else if (r.left - PAD - w >= 0) { x = r.left - PAD - w; }
      else {
        var below = vh - bottom - PAD, above = top - PAD, room = Math.max(below, above);
        x = Math.max(0, Math.min(r.left, vw - w));
        if (room >= MIN_ROOM) {
          tip.style.maxHeight = room + "px";
          h = tip.offsetHeight;
          y = below >= above ? bottom + PAD : top - PAD - h;
        } else { y = below >= above ? vh - h : 0; }
        clear = false;
      }
    }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
    return clear;
  }
  // Units only: the legend's tinted keys are no units (and have no data).
  function unitOf(ev) { return ev.target && ev.target.closest ? ev.target.closest(".u[data-i]") : null; }
  function show(el, ev) {
    if (el !== current) { current = el; fill(data.units[+el.getAttribute("data-i")]); }
    tip.hidden = false;
    return ev ? place(ev) : placeBy(el.getBoundingClientRect());
  }
  // byFocus: the tooltip was opened by the focus (Tab, a tap). Focusing scrolls the page, and the browser then
  // fires mouseover for whatever lies under the still pointer; such a tooltip stays until the focus moves,
  // Escape, or a real pointer movement (a mousemove to new coordinates: px, py), not on mouseover alone.
  var byFocus = false, px = null, py = null;
  function hide() { tip.hidden = true; current = null; byFocus = false; tip.classList.remove("by-focus"); }
  // The pointer on a tooltip opened by the focus (which then takes the pointer, to scroll it) leaves it as it is.
  function onTip(ev) { return ev.target && tip.contains(ev.target); }
  function hover(ev) {
    byFocus = false;
    var el = unitOf(ev);
    if (!el) { hide(); return; }
    show(el, ev);
  }
  document.addEventListener("mouseover", function (ev) {
    if (byFocus || onTip(ev)) { return; }
    px = ev.clientX; py = ev.clientY;
    hover(ev);
  });
  document.addEventListener("mousemove", function (ev) {
    if ((ev.clientX === px && ev.clientY === py) || (byFocus && onTip(ev))) { return; }
    px = ev.clientX; py = ev.clientY;
    if (byFocus) { hover(ev); } else if (!tip.hidden) { place(ev); }
  });
  // Keyboard and touch: a unit with a theme takes the focus (Tab, or a tap), and its tooltip opens below
  // it, or above it where the window ends (placeBy).
  document.addEventListener("focusin", function (ev) {
    var el = unitOf(ev);
    if (!el) { hide(); return; }
    byFocus = true;
    tip.classList.add("by-focus");
    if (!show(el)) {
      // No room above, below or beside it in the window, but the unit and its tooltip fit in it one over the
      // other: the page scrolls on (as the focus scrolls it to the unit) until the tooltip fits below the unit.
      var r = el.getBoundingClientRect(), need = r.bottom + PAD + natural - window.innerHeight;
      if (r.height + PAD + natural <= window.innerHeight && need > 0) { window.scrollBy(0, need); show(el); }
    }
  });
  // The tooltip is fixed; one opened by the focus stays through a scroll (wheel, Space), so it follows its unit.
  document.addEventListener("scroll", function () { if (byFocus && current) { show(current); } }, { passive: true });
  document.addEventListener("focusout", function (ev) { if (unitOf(ev) === current) { hide(); } });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { hide(); } });

  // The hint promises the tooltip this script gives: shown only when the script runs.
  document.getElementById("unit-hint").hidden = false;
})();
