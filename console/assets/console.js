// The pcs console's one script: the live event feed. Events arrive as
// Server-Sent Events and are added as text (never as markup).
"use strict";
(function () {
  const live = document.querySelector("[data-stream]");
  const body = document.querySelector("[data-events]");
  if (!live || !body || !window.EventSource) return;
  const state = live.querySelector("[data-stream-state]");
  const source = new EventSource(live.dataset.stream);
  const cell = (tr, text) => { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); return td; };
  source.addEventListener("pcs-event", (msg) => {
    const e = JSON.parse(msg.data);
    const tr = document.createElement("tr");
    tr.className = "fresh";
    cell(tr, String(e.seq));
    cell(tr, e.time);
    cell(tr, e.account);
    cell(tr, e.catalog);
    cell(tr, e.detailType);
    const td = cell(tr, "");
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "JSON";
    const pre = document.createElement("pre");
    pre.textContent = JSON.stringify(e.doc, null, 2);
    details.append(summary, pre);
    td.appendChild(details);
    body.prepend(tr);
    const none = document.querySelector("[data-no-events]");
    if (none) none.remove();
  });
  source.addEventListener("open", () => { state.textContent = "Live: new events appear at the top as pcs writes them."; });
  source.addEventListener("error", () => { state.textContent = "Reconnecting to the live feed…"; });
})();
