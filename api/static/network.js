// A small force layout in plain JS (no library): deterministic start on a circle, a fixed
// number of steps, then SVG; nodes can be dragged with the mouse.
(function () {
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const svg = document.getElementById("network");
  const ns = "http://www.w3.org/2000/svg";
  const nodes = data.nodes.map((n, i) => ({ ...n, x: 300 * Math.cos(2 * Math.PI * i / data.nodes.length),
                                            y: 300 * Math.sin(2 * Math.PI * i / data.nodes.length) }));
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const edges = data.edges.filter((e) => byId[e.source] && byId[e.target]);
  for (let step = 0; step < 300; step++) {
    for (const a of nodes) { a.fx = -0.01 * a.x; a.fy = -0.01 * a.y; }
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 100);
      a.fx += 4000 * dx / d2; a.fy += 4000 * dy / d2;
    }
    for (const e of edges) {
      const s = byId[e.source], t = byId[e.target], dx = t.x - s.x, dy = t.y - s.y;
      s.fx += 0.002 * dx * e.weight; s.fy += 0.002 * dy * e.weight;
      t.fx -= 0.002 * dx * e.weight; t.fy -= 0.002 * dy * e.weight;
    }
    for (const a of nodes) { a.x += Math.max(-20, Math.min(20, a.fx)); a.y += Math.max(-20, Math.min(20, a.fy)); }
  }
  const marker = document.createElementNS(ns, "defs");
  marker.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#888"/></marker>';
  svg.appendChild(marker);
  const lines = edges.map((e) => {
    const line = document.createElementNS(ns, "line");
    line.setAttribute("stroke", "#888"); line.setAttribute("stroke-opacity", "0.6");
    line.setAttribute("stroke-width", String(0.5 + e.weight)); line.setAttribute("marker-end", "url(#arrow)");
    svg.appendChild(line); return { e, line };
  });
  const groups = nodes.map((n) => {
    const g = document.createElementNS(ns, "g");
    g.innerHTML = `<circle r="${6 + Math.sqrt(n.lead + n.support) * 2}" fill="#18324f"></circle>` +
                  `<text y="-12" text-anchor="middle" font-size="13"></text>`;
    g.querySelector("text").textContent = n.id;
    g.setAttribute("data-node", n.id);
    g.style.cursor = "grab";
    svg.appendChild(g); return { n, g };
  });
  function draw() {
    for (const { e, line } of lines) {
      const s = byId[e.source], t = byId[e.target];
      line.setAttribute("x1", s.x); line.setAttribute("y1", s.y); line.setAttribute("x2", t.x); line.setAttribute("y2", t.y);
    }
    for (const { n, g } of groups) g.setAttribute("transform", `translate(${n.x},${n.y})`);
  }
  let dragging = null;
  svg.addEventListener("pointerdown", (ev) => {
    const g = ev.target.closest("g[data-node]"); if (g) { dragging = byId[g.dataset.node]; svg.setPointerCapture(ev.pointerId); }
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!dragging) return;
    const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
    const q = p.matrixTransform(svg.getScreenCTM().inverse()); dragging.x = q.x; dragging.y = q.y; draw();
  });
  svg.addEventListener("pointerup", () => { dragging = null; });
  draw();
})();
