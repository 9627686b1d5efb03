// YASGUI against this server's /sparql, nothing else: no endpoint catalogue, no autocompleters
// that call outside services, nothing persisted from other sites.
(function () {
  const examples = JSON.parse(document.getElementById("example-queries").textContent);
  const menu = document.getElementById("examples");
  const host = document.getElementById("yasgui");
  const base = host.dataset.base || ""; // the graph's IRI base: its IRIs have pages here
  const endpoint = new URL("/sparql", window.location.href).href;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  // datatypes whose value reads the same without them: shown as the bare value (32, not
  // "32"^^xsd:integer); any other keeps YASR's form, with xsd: for XML Schema's
  const PLAIN = new Set(["string", "boolean", "integer", "decimal", "double", "float", "int",
    "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"]
    .map((name) => XSD + name));

  // A catalogue query starts with its "#+" front matter (summary, params...), which the menu
  // already shows: the editor holds, and runs, the query that follows it.
  function withoutFrontMatter(text) {
    const lines = text.split(/\r?\n/);
    let start = 0;
    while (start < lines.length && lines[start].startsWith("#+")) { start += 1; }
    while (start < lines.length && lines[start].trim() === "") { start += 1; }
    return lines.slice(start).join("\n");
  }

  function escaped(text) {
    const holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML;
  }

  // YASR's table (@zazuko/yasr 4.6.2) draws every cell through these two methods, on each
  // page, sort and filter of the table: overriding them is the one place to change a cell.
  // Should a later YASR have no such plugin, its own table is left as it is.
  const Table = Yasgui.Yasr.plugins.table;
  if (typeof Table === "function") { Yasgui.Yasr.registerPlugin("table", makeTable(Table)); }

  function makeTable(Table) {
    return class FengongTable extends Table {
      // An IRI of ours links to its page on this site (as fengong/web/web.py's page_of does); any
      // other IRI links to itself. The text stays the IRI (or its prefixed name).
      getUriLinkFromBinding(binding, prefixes) {
        const iri = binding.value;
        let label = iri;
        let prefixed = false;
        for (const [prefix, namespace] of Object.entries(prefixes || {})) {
          if (namespace && iri.startsWith(namespace)) {
            label = prefix + ":" + iri.slice(namespace.length);
            prefixed = true;
            break;
          }
        }
        const link = document.createElement("a");
        link.className = "iri";
        link.textContent = label;
        if (base && iri.startsWith(base) && iri.length > base.length) {
          link.href = "/page/" + iri.slice(base.length);
        } else if (/^https?:/i.test(iri)) { // no javascript:, data:... link from a result
          link.href = iri;
        }
        if (this.config.openIriInNewWindow) { // the results stay where they are
          link.target = "_blank";
          link.rel = "noopener noreferrer";
        }
        const bare = prefixed || this.persistentConfig.compact;
        return bare ? link.outerHTML : "&lt;" + link.outerHTML + "&gt;";
      }

      formatLiteral(binding, prefixes) {
        if (!binding["xml:lang"] && (!binding.datatype || PLAIN.has(binding.datatype))) {
          return escaped(binding.value);
        }
        return super.formatLiteral(binding, { xsd: XSD, ...(prefixes || {}) });
      }
    };
  }

  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  const first = examples.length ? withoutFrontMatter(examples[0].query) : null;
  const yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,
    populateFromUrl: false, // ?endpoint= and ?query= in the address never run a query elsewhere
    yasqe: { value: first === null ? "SELECT * WHERE { ?s ?p ?o } LIMIT 10" : first },
  });
  window.fengongYasgui = yasgui;
  if (menu) {
    if (first !== null) { menu.value = "0"; } // the menu names the example in the editor
    menu.addEventListener("change", (event) => {
      const chosen = examples[Number(event.target.value)];
      if (chosen) { yasgui.getTab().setQuery(withoutFrontMatter(chosen.query)); }
    });
  }
})();
