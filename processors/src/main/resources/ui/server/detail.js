// One transfer: every recorded column, its manifest in short, and when each chunk arrived.
"use strict";
const {el} = Console;

function pairs(dl, object) {
  dl.replaceChildren(...Object.entries(object).flatMap(([k, v]) => [el("dt", {}, k),
    el("dd", {}, v === null || v === undefined ? "-" : typeof v === "object" ? JSON.stringify(v) : String(v))]));
}

async function load() {
  const id = new URLSearchParams(location.search).get("id");
  const d = await Console.api("GET", "/api/history/" + encodeURIComponent(id));
  document.getElementById("title").textContent = "Transfer " + d.transfer.id + ": " + d.transfer.client + " / "
    + d.transfer.configuration + " (" + d.transfer.status + ")";
  pairs(document.getElementById("transfer"), d.transfer);
  if (d.manifest) pairs(document.getElementById("manifest"), d.manifest);
  else document.getElementById("manifest").replaceChildren(el("dd", {}, "No manifest: the file is not stored."));
  Console.rows(document.querySelector("#chunks tbody"), d.chunks, [
    {get: c => c.index, cls: "num"}, {get: c => Console.time(c.receivedAt)}]);
  document.getElementById("chunks-note").textContent = d.chunks.length + " chunk(s) recorded"
    + (d.chunks.length ? "" : " (a refused transfer keeps none)") + ".";
}

Console.header(ServerNav).then(load).catch(Console.showError);
