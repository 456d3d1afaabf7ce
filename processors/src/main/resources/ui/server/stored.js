// Stored backups of one client or all, and the retention dry run (the CLI's retention --dry-run).
"use strict";
const {el} = Console;

async function load() {
  const params = new URLSearchParams();
  for (const name of ["client", "configuration"]) {
    const value = document.getElementById(name).value.trim();
    if (value) params.set(name, value);
  }
  const rows = await Console.api("GET", "/api/stored?" + params);
  Console.rows(document.querySelector("#stored tbody"), rows, [
    {get: r => el("a", {href: "/ui/detail.html?id=" + r.id}, r.id), cls: "num"}, {get: r => Console.time(r.createdAt)},
    {get: r => r.clientId}, {get: r => r.configName}, {get: r => Console.bytes(r.size), cls: "num"},
    {get: r => r.sha256.substring(0, 16) + "..."}, {get: r => r.verifyState || "-"}, {get: r => r.drillState || "-"}]);
}

async function preview() {
  try {
    const p = await Console.api("GET", "/api/retention/preview");
    const items = p.groups.flatMap(g => g.decisions.map(d => Object.assign({group: g}, d)));
    Console.rows(document.querySelector("#retention tbody"), items, [
      {get: d => d.group.client}, {get: d => d.group.configuration}, {get: d => d.group.policy},
      {get: d => d.filePath}, {get: d => el("span", {class: "state " + (d.delete ? "failed" : "ok")},
                                            d.delete ? "delete" : "keep")},
      {get: d => d.reason + (d.problem ? " (" + d.problem + ")" : ""), cls: "wrap"}]);
    Console.showError(null);
  } catch (e) {
    Console.showError(e);
  }
}

async function fillClients() {
  const f = await Console.api("GET", "/api/filters");
  const client = document.getElementById("client");
  Object.keys(f.clients).forEach(c => client.append(el("option", {value: c}, c)));
}

document.getElementById("preview").addEventListener("click", preview);
document.getElementById("stored-filter").addEventListener("submit", e => {
  e.preventDefault();
  load().catch(Console.showError);
});
Console.header(ServerNav).then(fillClients).then(load).catch(Console.showError);
