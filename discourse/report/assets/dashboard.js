/* discourse dashboards: figures drawn after layout, thread tree, comment table and browser, contrast view.
 * User text arrives HTML-escaped inside JSON; it is unescaped here and placed with textContent only,
 * never as markup. Plotly labels built here are escaped again. */
(function () {
  "use strict";

  function json(node) { return node ? JSON.parse(node.textContent) : null; }
  function unesc(s) {
    return typeof s === "string" ? s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : s;
  }
  function escHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function alpha(hex, a) {
    var h = hex.replace("#", ""), n = parseInt(h.length === 3 ? h.replace(/(.)/g, "$1$1") : h, 16);
    return "rgba(" + (n >> 16 & 255) + "," + (n >> 8 & 255) + "," + (n & 255) + "," + a.toFixed(2) + ")";
  }
  function ownWords(text) {  /* without the lines quoting others, when there are words of its own */
    var own = text.split("\n").filter(function (line) { return !/^\s*>/.test(line); });
    return /\S/.test(own.join("")) ? own.join("\n") : text;
  }
  function cut(text, n) {
    var flat = text.replace(/\s+/g, " ").trim();
    return flat.length <= n ? flat : flat.slice(0, n - 1).replace(/\s+$/, "") + "…";
  }

  /* ---- figures: drawn once the page is laid out, at their container's width, and re-sized with it ---- */
  var plotted = 0;
  function boxWidth(div) { return Math.max(Math.floor(div.parentElement.getBoundingClientRect().width), 200); }
  function plot(div, data, layout, config) {
    layout.width = boxWidth(div);
    layout.autosize = false;
    config.responsive = false;  /* the container decides, see watchSizes */
    return div.classList.contains("js-plotly-plot") ? Plotly.react(div, data, layout, config)
      : Plotly.newPlot(div, data, layout, config);
  }
  function drawFigures() {
    var pending = [];
    document.querySelectorAll("script.fig-data").forEach(function (node) {
      var div = document.getElementById(node.getAttribute("data-for"));
      if (!div) return;
      var spec = json(node);
      if (store) spec.data.forEach(function (trace) {
        if (trace.meta && trace.meta.hover === "store") trace.hovertext = trace.customdata.map(hoverLabel);
      });
      pending.push(plot(div, spec.data, spec.layout || {}, spec.config || {}).then(function () { plotted++; }));
    });
    return Promise.all(pending);
  }
  function fit(div) {
    var width = boxWidth(div);
    if (div._fullLayout && Math.abs(div._fullLayout.width - width) > 1) Plotly.relayout(div, {width: width});
  }
  function watchSizes() {  /* a container that changes width (layout, window) re-sizes its figure */
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { entry.target.querySelectorAll(":scope > .js-plotly-plot").forEach(fit); });
    });
    document.querySelectorAll(".fig-box").forEach(function (box) { observer.observe(box); });
    window.addEventListener("resize", function () {
      document.querySelectorAll(".fig-box > .js-plotly-plot").forEach(fit);
    });
  }

  /* ---- filterable server-side tables ---- */
  function filterTable(box) {
    var table = document.getElementById(box.dataset.table), count = document.getElementById(box.dataset.count);
    box.addEventListener("input", function () {
      var needle = box.value.toLowerCase(), shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var hit = row.textContent.toLowerCase().indexOf(needle) >= 0;
        row.style.display = hit ? "" : "none";
        shown += hit ? 1 : 0;
      });
      count.textContent = shown + " rows";
    });
  }

  /* ---- the comment store ---- */
  // row: [doc, id, author, time, stance, stance confidence (-1 = unknown), topic, topic score, anchor, text,
  //       parent row (-1), polarity, in tree (0/1), reply_to id]
  var store = json(document.getElementById("comment-store"));
  if (store) {
    store.rows.forEach(function (r) { [1, 2, 3, 4, 9, 13].forEach(function (k) { r[k] = unesc(r[k]); }); });
    store.docs.forEach(function (d) { d[0] = unesc(d[0]); });
    store.topics.forEach(function (t) { t[0] = unesc(t[0]); });
    var stances = {};
    Object.keys(store.stances).forEach(function (s) { stances[unesc(s)] = store.stances[s]; });
    store.stances = stances;
  }
  function sideColor(r) {
    var color = store.stances[r[4]] || "#b0b7bf";
    return r[5] >= 0 ? alpha(color, 0.3 + 0.7 * r[5]) : color;
  }
  function stanceText(r) { return r[4] + (r[5] >= 0 ? " (confidence " + r[5].toFixed(2) + ")" : ""); }
  function topicText(r) { return (store.topics[r[6]] || ["?"])[0] + " (score " + Number(r[7]).toFixed(2) + ")"; }

  function wrap(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }
  function hoverLabel(k) {  /* a scatter point's label, from the store (escaped: Plotly reads a little HTML) */
    var r = store.rows[k];
    return "<b>" + escHtml(r[2] || "#" + r[1]) + "</b>" + (r[3] ? " · " + escHtml(r[3]) : "") + "<br>" +
      wrap(cut(ownWords(r[9]), 160), 72).map(escHtml).join("<br>") + "<br>topic: " + escHtml(topicText(r)) +
      "<br>side: " + escHtml(stanceText(r)) + " · polarity " + (r[11] >= 0 ? "+" : "") + Number(r[11]).toFixed(2);
  }

  function highlight(node, text, needle) {
    if (!needle) { node.textContent = text; return; }
    var lower = text.toLowerCase(), n = needle.toLowerCase(), at = 0, hit;
    while ((hit = lower.indexOf(n, at)) >= 0) {
      node.appendChild(document.createTextNode(text.slice(at, hit)));
      node.appendChild(el("mark", null, text.slice(hit, hit + n.length)));
      at = hit + n.length;
    }
    node.appendChild(document.createTextNode(text.slice(at)));
  }

  function commentItem(row, needle) {
    var r = store.rows[row], li = el("li"), doc = store.docs[r[0]] || ["", ""];
    li.style.setProperty("--sc", sideColor(r));
    var meta = el("div", "cmeta");
    meta.appendChild(el("b", null, r[2] || "#" + r[1]));
    var parts = [];
    if (r[3]) parts.push(r[3]);
    parts.push(stanceText(r), "topic: " + topicText(r));
    meta.appendChild(document.createTextNode(" · " + parts.join(" · ") + " · "));
    if (doc[1] || r[12]) {  /* to the comment in its thread: another report, or this page's tree */
      var link = el("a", null, doc[1] ? cut(doc[0], 60) : "in the thread ↑");
      link.href = doc[1] + "#n" + r[8];
      meta.appendChild(link);
    }
    li.appendChild(meta);
    var text = el("div", "ctext");
    highlight(text, r[9], needle);
    li.appendChild(text);
    return li;
  }
  function fillList(list, rows, needle, limit) {
    list.textContent = "";
    rows.slice(0, limit).forEach(function (row) { list.appendChild(commentItem(row, needle)); });
  }

  /* ---- thread tree: nested replies with author, time, side colour and first words; text on click ---- */
  function buildTree(root) {
    var ul = el("ul", "tree"), nodes = {}, kids = {};
    ul.id = root.id + "-list";
    store.rows.forEach(function (r, k) {
      if (!r[12]) return;
      var li = el("li"), row = el("div", "row"), fold = el("button", "fold", "▾"), msg = el("details", "msg");
      li.id = "n" + r[8];
      fold.type = "button";
      fold.setAttribute("aria-label", "fold replies");
      msg.style.setProperty("--sc", sideColor(r));
      var summary = el("summary");
      summary.appendChild(el("span", "au", r[2] || "#" + r[1]));
      if (r[3]) summary.appendChild(el("span", "tm", r[3]));
      var count = el("span", "nrep");
      summary.appendChild(count);
      summary.appendChild(el("span", "fw", cut(ownWords(r[9]), 160)));
      msg.appendChild(summary);
      msg.appendChild(el("div", "full", r[9]));
      msg.appendChild(el("div", "info", "#" + r[1] + " · " + stanceText(r) + " · topic: " + topicText(r) +
        " · polarity " + (r[11] >= 0 ? "+" : "") + Number(r[11]).toFixed(2)));
      row.appendChild(fold);
      row.appendChild(msg);
      li.appendChild(row);
      nodes[k] = {li: li, fold: fold, count: count, n: 0};
      var parent = nodes[r[10]];
      if (parent) {
        if (!kids[r[10]]) { kids[r[10]] = el("ul"); parent.li.appendChild(kids[r[10]]); }
        kids[r[10]].appendChild(li);
        parent.n++;
      } else {
        ul.appendChild(li);
      }
    });
    Object.keys(nodes).forEach(function (k) {
      var node = nodes[k];
      if (!node.n) { node.fold.classList.add("leaf"); node.fold.tabIndex = -1; return; }
      node.count.textContent = node.n + (node.n === 1 ? " reply" : " replies");
      node.fold.setAttribute("aria-expanded", "true");
      node.fold.addEventListener("click", function () {
        var folded = node.li.classList.toggle("folded");
        node.fold.textContent = folded ? "▸" : "▾";
        node.fold.setAttribute("aria-expanded", folded ? "false" : "true");
      });
    });
    root.appendChild(ul);
    root.parentNode.querySelectorAll(".tree-tools button").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.dataset.action;
        if (action === "fold" || action === "unfold") {
          Object.keys(nodes).forEach(function (k) {
            var node = nodes[k];
            if (!node.n) return;
            node.li.classList.toggle("folded", action === "fold");
            node.fold.textContent = action === "fold" ? "▸" : "▾";
          });
        } else {
          ul.querySelectorAll("details.msg").forEach(function (d) { d.open = action === "open"; });
        }
      });
    });
    function openTarget() {  /* #nK: open comment K, unfold the sub-threads around it, show it */
      var target = location.hash.match(/^#(n\d+)$/), node = target && document.getElementById(target[1]);
      if (!node || !root.contains(node)) return;
      for (var up = node; up && up !== root; up = up.parentElement) if (up.classList.contains("folded")) {
        up.classList.remove("folded");
        up.querySelector(":scope > .row > .fold").textContent = "▾";
      }
      node.querySelector("details.msg").open = true;
      node.scrollIntoView();
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  /* ---- comment table of a report, from the store ---- */
  function buildTable(root) {
    var chars = Number(root.dataset.chars || 480), limit = Number(root.dataset.limit || 5000);
    var rows = store.rows.map(function (r, k) { return k; }).sort(function (a, b) { return store.rows[a][8] - store.rows[b][8]; });
    rows = rows.slice(0, limit);
    var table = el("table"), head = el("thead"), tr = el("tr"), body = el("tbody");
    table.id = root.id + "-table";
    ["#", "id", "author", "time", "reply to", "topic (score)", "stance (confidence)", "polarity", "comment"].forEach(function (h, i) {
      var th = el("th", i === 0 || i === 7 ? "num" : null, h); tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    rows.forEach(function (k) {
      var r = store.rows[k], row = el("tr");
      var cells = [r[8], r[1], r[2], r[3], r[13], topicText(r), stanceText(r),
                   (r[11] >= 0 ? "+" : "") + Number(r[11]).toFixed(2), cut(r[9], chars)];
      cells.forEach(function (v, i) {
        var td = el("td", i === 0 || i === 7 ? "num" : i === 8 ? "text" : null, String(v));
        if (i === 6) td.style.borderLeft = "4px solid " + sideColor(r);
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    var box = el("div", "scroll");
    box.appendChild(table);
    root.appendChild(box);
    var input = root.parentNode.querySelector("input.filter");
    if (input) { input.dataset.table = table.id; filterTable(input); }
  }

  /* ---- comment browser (overview): topic, side and text filters ---- */
  function browser(root) {
    var topic = root.querySelector("select.topic"), side = root.querySelector("select.side");
    var search = root.querySelector("input.search"), list = root.querySelector("ul.clist");
    var count = root.querySelector(".count"), more = root.querySelector("button.more"), limit = 40;
    store.topics.forEach(function (t, i) { var o = el("option", null, t[0]); o.value = String(i); topic.appendChild(o); });
    Object.keys(store.stances).forEach(function (s) { var o = el("option", null, s); o.value = s; side.appendChild(o); });
    function update() {
      var t = topic.value, s = side.value, needle = search.value.trim().toLowerCase(), rows = [];
      store.rows.forEach(function (r, i) {
        if (t !== "" && String(r[6]) !== t) return;
        if (s !== "" && r[4] !== s) return;
        if (needle && r[9].toLowerCase().indexOf(needle) < 0) return;
        rows.push(i);
      });
      fillList(list, rows, needle, limit);
      count.textContent = fmt(rows.length) + " of the " + fmt(store.rows.length) + " comments in this page" +
        (store.total > store.rows.length ? " (" + fmt(store.total) + " in all; every one is in comments.csv)" : "");
      more.hidden = rows.length <= limit;
    }
    [topic, side].forEach(function (x) { x.addEventListener("change", function () { limit = 40; update(); }); });
    search.addEventListener("input", function () { limit = 40; update(); });
    more.addEventListener("click", function () { limit += 80; update(); });
    function fromHash(hash) {
      var m = (typeof hash === "string" ? hash : location.hash).match(/^#topic=(\d+)$/);
      if (m) { topic.value = m[1]; side.value = ""; search.value = ""; limit = 40; update(); root.scrollIntoView(); }
    }
    window.addEventListener("hashchange", fromHash);
    document.querySelectorAll('a[href^="#topic="]').forEach(function (a) {  /* "all N comments" of a topic card */
      a.addEventListener("click", function () { fromHash(a.getAttribute("href")); });
    });
    update();
    fromHash();
  }

  /* ---- contrast view: side A against side B, term by term ---- */
  function contrast(root) {
    var spec = json(root.querySelector("script.contrast-data"));
    var fig = root.querySelector(".contrast-fig"), pick = root.querySelector("select.view");
    var search = root.querySelector("input.search"), list = root.querySelector("ul.clist");
    var head = root.querySelector(".term-head"), chips = root.querySelector(".side-chips");
    var options = root.querySelector("datalist"), current = 0;
    spec.views.forEach(function (v) {
      v.label = unesc(v.label); v.a.name = unesc(v.a.name); v.b.name = unesc(v.b.name);
      v.terms.forEach(function (t) { t[0] = unesc(t[0]); });
    });

    function log2p(v) { return Math.log(1 + v) / Math.LN2; }
    function jitter(i) { var x = Math.sin(i * 12.9898 + 1) * 43758.5453; return (x - Math.floor(x) - 0.5) * 0.3; }

    function draw() {
      var view = spec.views[current], t = view.terms, a = view.a, b = view.b;
      var xs = [], ys = [], colors = [], hover = [], lx = [], ly = [], lt = [], lc = [], maxc = 1, labelled = {};
      view.labelled.forEach(function (i) { labelled[i] = true; });
      t.forEach(function (term, i) {
        var x = log2p(term[2]) + jitter(i), y = log2p(term[1]) + jitter(i + 7919);
        xs.push(x); ys.push(y); colors.push(Math.max(-4, Math.min(4, term[3])));
        maxc = Math.max(maxc, term[1], term[2]);
        hover.push("<b>" + escHtml(term[0]) + "</b><br>" + escHtml(a.name) + ": " + term[1] + " of " + a.n +
          " comments<br>" + escHtml(b.name) + ": " + term[2] + " of " + b.n + " comments<br>z = " + term[3].toFixed(2) +
          "<br><i>click to list the comments</i>");
        if (labelled[i]) { lx.push(x); ly.push(y); lt.push(escHtml(term[0])); lc.push(term[3] > 0 ? a.color : b.color); }
      });
      var ticks = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000]
        .filter(function (v) { return v <= maxc * 1.5; });
      var top = log2p(maxc) + 0.5;
      function axis(title) {
        return {title: {text: title}, tickvals: ticks.map(log2p), ticktext: ticks.map(String), zeroline: false,
                range: [-0.4, top], gridcolor: "#eef1f4", automargin: true, fixedrange: false};
      }
      var data = [
        {type: "scatter", mode: "lines", x: [0, top], y: [0, top], hoverinfo: "skip", showlegend: false,
         line: {color: "#d5dae0", dash: "dot", width: 1}},
        {type: t.length > 1500 ? "scattergl" : "scatter", mode: "markers", x: xs, y: ys, hovertext: hover,
         hoverinfo: "text", customdata: t.map(function (_, i) { return i; }), showlegend: false,
         marker: {color: colors, cmin: -4, cmax: 4, size: 8, opacity: 0.8,
                  colorscale: [[0, b.color], [0.5, "#c9ced6"], [1, a.color]],
                  colorbar: {title: {text: "z"}, thickness: 10, len: 0.7,
                             tickvals: [-4, -1.96, 0, 1.96, 4],
                             ticktext: [escHtml(b.name), "-1.96", "0", "1.96", escHtml(a.name)]}}},
        {type: "scatter", mode: "text", x: lx, y: ly, text: lt, textposition: "top center", hoverinfo: "skip",
         showlegend: false, textfont: {size: 11, color: lc}}
      ];
      var layout = {height: 520, margin: {l: 10, r: 10, t: 10, b: 10}, hovermode: "closest",
                    xaxis: axis("comments of " + escHtml(b.name) + " using the term"),
                    yaxis: axis("comments of " + escHtml(a.name) + " using the term"),
                    plot_bgcolor: "#fff", paper_bgcolor: "#fff",
                    font: {size: 12, family: "-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"}};
      var config = {displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"]};
      var drawn = plot(fig, data, layout, config);
      options.textContent = "";
      t.forEach(function (term) { var o = el("option"); o.value = term[0]; options.appendChild(o); });
      chips.textContent = "";
      [[view.top_a, a], [view.top_b, b]].forEach(function (pair) {
        var box = el("div", "side"), title = el("b", null, "more typical of " + pair[1].name + " ");
        box.style.setProperty("--sc", pair[1].color);
        title.appendChild(el("span", "muted", "(" + fmt(pair[1].n) + " comments)"));
        box.appendChild(title);
        var row = el("div", "chips");
        pair[0].forEach(function (i) {
          var chip = el("button", "chip", t[i][0]);
          chip.type = "button";
          chip.title = "z = " + t[i][3].toFixed(1);
          chip.addEventListener("click", function () { show(i); });
          row.appendChild(chip);
        });
        if (!pair[0].length) row.appendChild(el("span", "empty", "no term stands out"));
        box.appendChild(row);
        chips.appendChild(box);
      });
      return drawn.then(function () {
        if (fig.dataset.bound) return;
        fig.dataset.bound = "1";
        fig.on("plotly_click", function (ev) {
          var p = ev.points && ev.points[0];
          if (p && p.customdata !== undefined) show(p.customdata);
        });
      });
    }

    function show(i) {
      var view = spec.views[current], term = view.terms[i];
      var side = term[3] > 1.96 ? "more typical of " + view.a.name : term[3] < -1.96 ? "more typical of " + view.b.name
        : "used by both alike";
      search.value = term[0];
      head.textContent = "“" + term[0] + "”: used by " + term[1] + " of " + fmt(view.a.n) + " " + view.a.name +
        " comments and " + term[2] + " of " + fmt(view.b.n) + " " + view.b.name + " comments (z = " +
        term[3].toFixed(2) + ", " + side + ")" + (term[4].length < term[1] + term[2] ? "; " + term[4].length + " of them:" : ":");
      fillList(list, term[4], term[0], 200);
    }

    function find() {
      var needle = search.value.trim().toLowerCase(), view = spec.views[current];
      if (!needle) return;
      for (var i = 0; i < view.terms.length; i++) if (view.terms[i][0].toLowerCase() === needle) { show(i); return; }
      var rows = [];
      store.rows.forEach(function (r, k) { if (r[9].toLowerCase().indexOf(needle) >= 0) rows.push(k); });
      head.textContent = "“" + search.value.trim() + "” is not one of the compared terms; " + rows.length + " of the " +
        fmt(store.rows.length) + " comments in this page contain it:";
      fillList(list, rows, needle, 200);
    }

    if (pick) {
      spec.views.forEach(function (v, i) { var o = el("option", null, v.label); o.value = String(i); pick.appendChild(o); });
      pick.addEventListener("change", function () {
        current = Number(pick.value); list.textContent = ""; head.textContent = ""; draw();
      });
    }
    search.addEventListener("change", find);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") find(); });
    root.addEventListener("contrast-term", function (e) {
      var go = function () { search.value = e.detail.term; find(); root.scrollIntoView(); };
      if (e.detail.view === current || !spec.views[e.detail.view]) return go();
      current = e.detail.view;
      if (pick) pick.value = String(current);
      draw().then(go);
    });
    return draw().then(function () {
      var m = location.hash.match(/^#term=(.+)$/);
      if (m) { search.value = decodeURIComponent(m[1]); find(); }
    });
  }

  /* term buttons elsewhere on the page (e.g. the sides on the overview) open a term in a contrast view */
  function termLinks() {
    document.querySelectorAll("button.term-link").forEach(function (chip) {
      chip.addEventListener("click", function () {
        var root = document.getElementById(chip.dataset.contrast);
        if (root) root.dispatchEvent(new CustomEvent("contrast-term",
                                                     {detail: {term: chip.textContent, view: Number(chip.dataset.view || 0)}}));
      });
    });
  }

  function start() {
    document.querySelectorAll("input.filter[data-table]").forEach(filterTable);
    if (store) {
      document.querySelectorAll(".thread-tree").forEach(buildTree);
      document.querySelectorAll(".comment-table").forEach(buildTable);
      document.querySelectorAll(".browser").forEach(browser);
    }
    termLinks();
    var views = [];
    drawFigures().then(function () {
      if (store) document.querySelectorAll(".contrast-view").forEach(function (root) { views.push(contrast(root)); });
      return Promise.all(views);
    }).then(function () {
      watchSizes();
      document.body.setAttribute("data-rendered", String(plotted + views.length));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
