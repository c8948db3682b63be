/* kg serve's page: YASGUI (served by Oxigraph itself) set up with kg's prefixes and ready-made questions. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("kg-config").textContent);
  var endpoint = new URL("query", window.location.href).href;
  var prologue = Object.keys(cfg.prefixes).map(function (p) { return "PREFIX " + p + ": <" + cfg.prefixes[p] + ">"; }).join("\n");
  // YASQE's other completers ask prefix.cc and the LOV service over the network: kg's page asks nobody
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    autoAddOnInit: false,
    persistenceId: cfg.persistence,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { value: prologue + "\n\n" + cfg.start }
  });
  if (!yasgui.persistentConfig.getTabs().length) {  // a first visit (or new questions): one tab per question
    cfg.questions.forEach(function (q, k) {
      yasgui.addTab(k === 0, { name: q.name, yasqe: { value: q.query }, requestConfig: { endpoint: endpoint, method: "POST" } });
    });
    yasgui.addTab(false, { name: "your query", yasqe: { value: prologue + "\n\n" + cfg.start },
      requestConfig: { endpoint: endpoint, method: "POST" } });
  }
  window.kgYasgui = yasgui;
})();
