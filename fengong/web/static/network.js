// The collaboration view's behaviour. The server draws the picture (positions come from
// fengong/network_layout.py, tested to fit); this only switches graph and matrix, follows the
// section filter, zooms and pans, and highlights a department's links. No inline script or
// style: the Content-Security-Policy allows neither.
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);

  // graph | matrix tabs; the choice is kept in the URL (?view=) so a reload keeps it
  const tabs = Array.from(document.querySelectorAll(".net-tabs [role=tab]"));
  const zoomBar = document.querySelector(".net-zoom");
  function show(view, remember) {
    for (const tab of tabs) {
      const on = tab.dataset.view === view;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    }
    if (zoomBar) zoomBar.hidden = view !== "graph";
    if (remember) {
      const url = new URL(location.href);
      url.searchParams.set("view", view);
      history.replaceState(null, "", url);
    }
  }
  for (const tab of tabs) {
    tab.addEventListener("click", () => show(tab.dataset.view, true));
    tab.addEventListener("keydown", (ev) => {
      if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
      const next = tabs[(tabs.indexOf(tab) + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      show(next.dataset.view, true);
    });
  }
  // on a phone the whole drawing is a thumbnail (it scales to the width) while the matrix
  // keeps its words full size, so a phone starts on the matrix unless ?view= says otherwise
  const narrow = window.matchMedia("(max-width: 40rem)").matches;
  const chosen = tabs.find((t) => t.dataset.view === params.get("view"))
    || (narrow ? tabs.find((t) => t.dataset.view === "matrix") : null);
  const current = tabs.find((t) => t.getAttribute("aria-selected") === "true");
  show((chosen || current || tabs[0]).dataset.view, false);

  // the section filter: a new page at once, ?section= set or removed, ?lang= and ?view= kept
  const select = document.getElementById("net-section");
  if (select) {
    const go = document.querySelector(".net-go");
    if (go) go.hidden = true;
    select.addEventListener("change", () => {
      const url = new URL(location.href);
      if (select.value) url.searchParams.set("section", select.value);
      else url.searchParams.delete("section");
      location.assign(url);
    });
  }

  const svg = document.getElementById("network");
  const viewport = document.getElementById("network-viewport");
  if (!svg || !viewport) return;
  const box = svg.viewBox.baseVal;
  let k = 1, tx = 0, ty = 0;

  function apply() {
    // zoomed in, the picture still covers the frame: no panning it out of sight
    tx = Math.min(0, Math.max(box.width * (1 - k), tx));
    ty = Math.min(0, Math.max(box.height * (1 - k), ty));
    viewport.setAttribute("transform", `translate(${tx.toFixed(2)} ${ty.toFixed(2)}) scale(${k.toFixed(4)})`);
    svg.classList.toggle("zoomed", k > 1.001);
  }
  function zoomAt(factor, x, y) {
    const next = Math.min(8, Math.max(1, k * factor));
    tx = x - (x - tx) * (next / k);
    ty = y - (y - ty) * (next / k);
    k = next;
    apply();
  }
  function reset() { k = 1; tx = 0; ty = 0; apply(); }
  function pointInFrame(ev) {
    const p = svg.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  const middle = () => [box.x + box.width / 2, box.y + box.height / 2];

  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const p = pointInFrame(ev);
    zoomAt(Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.002)), p.x, p.y);
  }, { passive: false });

  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || ev.target.closest("g[data-node]")) return;  // a node is a link
    const p = pointInFrame(ev);
    drag = { x: p.x - tx, y: p.y - ty };
    svg.setPointerCapture(ev.pointerId);
    svg.classList.add("panning");
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const p = pointInFrame(ev);
    tx = p.x - drag.x; ty = p.y - drag.y;
    apply();
  });
  function endDrag() { drag = null; svg.classList.remove("panning"); }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  for (const button of document.querySelectorAll("[data-zoom]")) {
    button.addEventListener("click", () => {
      const [x, y] = middle();
      if (button.dataset.zoom === "in") zoomAt(1.4, x, y);
      else if (button.dataset.zoom === "out") zoomAt(1 / 1.4, x, y);
      else reset();
    });
  }
  svg.addEventListener("keydown", (ev) => {
    if (ev.target !== svg) return;  // keys on a focused node are the link's
    const [x, y] = middle();
    const step = 60 / k;
    const keys = {
      "+": () => zoomAt(1.4, x, y), "=": () => zoomAt(1.4, x, y), "-": () => zoomAt(1 / 1.4, x, y),
      "0": reset, ArrowLeft: () => { tx += step * k; apply(); }, ArrowRight: () => { tx -= step * k; apply(); },
      ArrowUp: () => { ty += step * k; apply(); }, ArrowDown: () => { ty -= step * k; apply(); },
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });

  // a department's links highlighted while it is pointed at or focused: red out (it leads),
  // blue in (it supports), its partners kept bright and the rest faded
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const lines = Array.from(svg.querySelectorAll("line[data-source]"));
  const nodes = Array.from(svg.querySelectorAll("g[data-node]"));
  const partners = new Map(data.nodes.map((n) => [n.key, new Set()]));
  for (const e of data.edges) {
    partners.get(e.source)?.add(e.target);
    partners.get(e.target)?.add(e.source);
  }
  function highlight(key) {
    svg.classList.toggle("focusing", key !== null);
    for (const line of lines) {
      line.classList.toggle("out", line.dataset.source === key);
      line.classList.toggle("in", line.dataset.target === key);
    }
    const near = partners.get(key) || new Set();
    for (const g of nodes) {
      g.classList.toggle("on", g.dataset.key === key);
      g.classList.toggle("near", near.has(g.dataset.key));
    }
  }
  for (const g of nodes) {
    g.addEventListener("pointerenter", () => { if (!drag) highlight(g.dataset.key); });
    g.addEventListener("pointerleave", () => highlight(null));
    g.addEventListener("focusin", () => highlight(g.dataset.key));
    g.addEventListener("focusout", () => highlight(null));
  }
  apply();
})();
