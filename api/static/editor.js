// YASGUI against this server's /sparql, nothing else: no endpoint catalogue, no autocompleters
// that call outside services, nothing persisted from other sites.
(function () {
  const examples = JSON.parse(document.getElementById("example-queries").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,
    yasqe: { value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  window.fengongYasgui = yasgui;
  document.getElementById("examples").addEventListener("change", (event) => {
    const chosen = examples[Number(event.target.value)];
    if (chosen) { yasgui.getTab().setQuery(chosen.query); }
  });
})();
