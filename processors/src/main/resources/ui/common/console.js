// The console's shared script (both sides). Plain JavaScript, no build step. The pages load it
// with <script src="/ui/console.js"> and never inline a script: the Content-Security-Policy of
// every answer forbids inline code, so an injected string cannot run.
"use strict";
const Console = (() => {
  let csrfToken = null;

  /** Who is logged in; loads the CSRF token that every state-changing call sends back. */
  async function session() {
    const s = await api("GET", "/api/session");
    csrfToken = s.csrfToken;
    return s;
  }

  /** A JSON call; resolves with the answer, rejects with {status, error, fields}. */
  async function api(method, path, body) {
    const headers = {"Accept": "application/json"};
    if (method !== "GET" && method !== "HEAD") {
      if (csrfToken === null && path !== "/api/login") {
        await session();
      }
      if (csrfToken !== null) headers["X-CSRF-Token"] = csrfToken;
    }
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)});
    if (response.status === 401 && path !== "/api/login") {
      location.href = "/ui/login.html";
      throw {status: 401, error: "login required"};
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = {error: text}; }
    if (!response.ok) {
      throw Object.assign({status: response.status}, json || {error: response.statusText});
    }
    return json;
  }

  /** Server-sent events from path: onMessage(json) for each; the browser reconnects by itself. */
  function events(path, onMessage) {
    const source = new EventSource(path);
    source.onmessage = e => onMessage(JSON.parse(e.data));
    return source;
  }

  /** An element: el("td", {class: "num"}, "12 MiB", child, ...); text is always text, never HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.substring(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** Fills tbody with one row per item; columns: [{get: item => value, cls}] */
  function rows(tbody, items, columns) {
    tbody.replaceChildren(...items.map(item =>
      el("tr", {}, columns.map(c => el("td", {class: c.cls || null}, c.get(item))))));
  }

  function bytes(n) {
    if (n === null || n === undefined) return "-";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0, v = Number(n);
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v.toFixed(0) : v.toFixed(1)) + " " + units[i];
  }

  function seconds(s) {
    if (s === null || s === undefined) return "-";
    s = Math.round(Number(s));
    if (s < 60) return s + " s";
    if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
    return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
  }

  /** At most max characters of text, with an ellipsis when cut (the whole text goes in a title). */
  function shorten(text, max) {
    return text.length <= max ? text : text.substring(0, max - 1) + "\u2026";
  }

  function time(iso) {
    if (!iso) return "-";
    return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
  }

  /** The header every page shares: the side's name, its links, who is logged in, log out. */
  async function header(links) {
    const s = await session();
    const nav = document.getElementById("nav");
    if (nav) {
      nav.replaceChildren(
        el("strong", {}, "mysql-backup " + s.side),
        ...links.map(([href, text]) => el("a", {href, class: location.pathname === href ? "here" : null}, text)),
        el("span", {class: "user"}, s.user),
        el("button", {id: "logout", type: "button", onclick: async () => {
          await api("DELETE", "/api/login");
          location.href = "/ui/login.html";
        }}, "Log out"));
    }
    return s;
  }

  /** Shows an error (or clears it) in the element with id "error". */
  function showError(e) {
    const box = document.getElementById("error");
    if (!box) return;
    box.textContent = e ? (e.error || String(e)) : "";
    box.hidden = !e;
  }

  return {api, session, events, el, rows, bytes, seconds, time, shorten, header, showError};
})();
