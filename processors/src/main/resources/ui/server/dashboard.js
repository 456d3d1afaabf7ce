// The dashboard: one row per client and configuration (refreshed every 15 s), and the transfers
// running now, pushed by the server every second (server-sent events; no reload).
"use strict";
const {el} = Console;

function state(s) {
  return el("span", {class: "state " + s.state}, s.state);
}

async function loadClients() {
  try {
    const d = await Console.api("GET", "/api/dashboard");
    Console.rows(document.querySelector("#clients tbody"), d.rows, [
      {get: s => s.client}, {get: s => s.configuration}, {get: state},
      {get: s => s.lastStoredId ? el("a", {href: "/ui/detail.html?id=" + s.lastStoredId}, Console.time(s.lastStoredAt))
                                 : "never"},
      {get: s => Console.bytes(s.lastSize), cls: "num"},
      {get: s => s.lastDurationMs === null ? "-" : Console.seconds(s.lastDurationMs / 1000), cls: "num"},
      {get: s => s.downtimeMs === null ? "-" : Console.seconds(s.downtimeMs / 1000), cls: "num"},
      {get: s => Console.time(s.nextExpectedAt)},
      {get: s => s.lastError ? el("span", {title: s.lastError},
                                      Console.time(s.lastFailedAt) + ": " + Console.shorten(s.lastError, 90)) : "",
       cls: "wrap"}]);
    // when the first rows are on screen (bench/console.sh reads it)
    if (performance.getEntriesByName("console-content").length === 0) performance.mark("console-content");
    document.getElementById("clients-note").textContent = d.rows.length === 0
      ? "No client has sent a backup yet." : "As of " + Console.time(d.generatedAt) + ".";
    Console.showError(null);
  } catch (e) {
    Console.showError(e);
  }
}

function showTransfers(feed) {
  Console.rows(document.querySelector("#transfers tbody"), feed.transfers, [
    {get: t => t.client}, {get: t => t.configuration}, {get: t => t.fileName},
    {get: t => el("div", {class: "progress", role: "progressbar", "aria-valuenow": t.percent,
                          "data-transfer": t.transferId}, progressFill(t.percent))},
    {get: t => t.percent.toFixed(1) + " %", cls: "num percent"},
    {get: t => Console.bytes(t.bytesPerSecond) + "/s", cls: "num"},
    {get: t => t.etaSeconds === null ? "-" : Console.seconds(t.etaSeconds), cls: "num"},
    {get: t => t.status}]);
  document.getElementById("transfers-note").textContent = feed.transfers.length === 0
    ? "No transfer is running (live, " + Console.time(feed.at) + ")." : "Live, " + Console.time(feed.at) + ".";
}

function progressFill(percent) {
  const fill = el("div");
  fill.style.width = percent + "%";
  return fill;
}

Console.header(ServerNav).then(() => {
  loadClients();
  setInterval(loadClients, 15000);
  Console.events("/api/transfers/events", showTransfers);
}).catch(Console.showError);
