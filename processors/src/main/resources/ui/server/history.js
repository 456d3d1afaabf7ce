// The log browser: filters, keyset pages (newest first), links to each transfer's detail, and
// exports of everything that matches, as backup-server history writes it.
"use strict";
const {el} = Console;
let nextBeforeId = null;

function query(extra) {
  const params = new URLSearchParams();
  for (const name of ["from", "to", "status", "client", "configuration", "text"]) {
    const value = document.getElementById(name).value.trim();
    if (value) params.set(name, value);
  }
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  return params;
}

async function search(beforeId) {
  try {
    const params = query(beforeId ? {beforeId} : {});
    const page = await Console.api("GET", "/api/history?" + params);
    Console.rows(document.querySelector("#history tbody"), page.rows, [
      {get: r => el("a", {href: "/ui/detail.html?id=" + r.id}, r.id), cls: "num"},
      {get: r => Console.time(r.startTime)}, {get: r => r.client}, {get: r => r.configuration},
      {get: r => el("span", {class: "state " + (r.status === "Completed" ? "ok" : r.status === "Failed" ? "failed"
                                                 : "running")}, r.status)},
      {get: r => Console.bytes(r.fileSize), cls: "num"},
      {get: r => r.errorMessage || r.filePath || "", cls: "wrap"}]);
    // when the first rows are on screen (bench/console.sh reads it)
    if (performance.getEntriesByName("console-content").length === 0) performance.mark("console-content");
    nextBeforeId = page.nextBeforeId;
    document.getElementById("next").disabled = nextBeforeId === null;
    document.getElementById("summary").textContent = page.total + " matching transfer(s)"
      + (page.rows.length ? ", showing ids " + page.rows[0].id + " to " + page.rows[page.rows.length - 1].id : "");
    const exportQuery = query();
    document.getElementById("export-csv").href = "/api/history/export?" + exportQuery + "&format=csv";
    document.getElementById("export-json").href = "/api/history/export?" + exportQuery + "&format=json";
    Console.showError(null);
  } catch (e) {
    Console.showError(e);
  }
}

async function fillFilters() {
  const f = await Console.api("GET", "/api/filters");
  const status = document.getElementById("status");
  f.statuses.forEach(s => status.append(el("option", {value: s}, s)));
  const client = document.getElementById("client");
  Object.keys(f.clients).forEach(c => client.append(el("option", {value: c}, c)));
}

/** A link to this page may carry the filter (history.html?status=Failed&client=db-7): fill it in. */
function filterFromAddress() {
  const params = new URLSearchParams(location.search);
  for (const name of ["from", "to", "status", "client", "configuration", "text"]) {
    if (params.has(name)) document.getElementById(name).value = params.get(name);
  }
}

document.getElementById("filters").addEventListener("submit", e => {
  e.preventDefault();
  history.replaceState(null, "", "?" + query());
  search(null);
});
document.getElementById("first").addEventListener("click", () => search(null));
document.getElementById("next").addEventListener("click", () => { if (nextBeforeId !== null) search(nextBeforeId); });
Console.header(ServerNav).then(fillFilters).then(filterFromAddress).then(() => search(null))
  .catch(Console.showError);
