// Stored backups, and the retention dry run (the CLI's retention --dry-run).
"use strict";
const {el} = Console;

async function load() {
  const rows = await Console.api("GET", "/api/stored");
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

document.getElementById("preview").addEventListener("click", preview);
Console.header(ServerNav).then(load).catch(Console.showError);
