// The editor's version list and the line diff between two versions (the API works the diff out with DiffPlex).
"use strict";
function versionRowsHtml(versions, opened) {
  return `<table id="version-table"><tr><th>version</th><th>saved</th><th>by</th><th>note</th><th>check</th><th>SHA-256</th><th></th></tr>
    ${versions.slice().reverse().map(v => `<tr data-version="${v.version}"${v.version === opened ? ` class="opened"` : ""}>
      <td>${v.shipped ? `${v.version} <span class="badge">shipped</span>` : v.version}</td><td>${esc(time(v.at))}</td><td>${esc(v.author)}</td>
      <td>${esc(v.note)}</td><td><span class="badge ${esc(v.verdict)}">${esc(v.verdict)}</span>${v.draft ? ` <span class="badge Held">draft</span>` : ""}</td>
      <td><code title="${esc(v.sha256)}">${esc(v.sha256.slice(0, 12))}</code></td>
      <td>${openButton(v.version, v.version === opened)}</td></tr>`).join("")}</table>`;
}

// The visible word is the start of the accessible name, so speech input ("click open") finds it.
function openButton(version, isOpen) {
  const word = isOpen ? "opened" : "open";
  return `<button type="button" class="secondary" data-open="${version}" aria-label="${word} version ${version}">${word}</button>`;
}

function diffHtml(d) {
  const label = v => `version ${v.version}${v.shipped ? " (shipped)" : ""} by ${esc(v.author)}`;
  const sign = { same: " ", removed: "−", added: "+" };
  return `<p id="diff-summary">${label(d.from)} → ${label(d.to)}: <strong>${d.added} added, ${d.removed} removed</strong>${d.added + d.removed === 0 ? " (same text)" : ""}</p>
    <div class="diff" role="table" aria-label="line diff">
      ${d.lines.map(l => `<div role="row" class="diff-line ${l.kind}"><span role="cell" class="ln">${l.oldLine ?? ""}</span><span role="cell" class="ln">${l.newLine ?? ""}</span><span role="cell" class="sign" aria-label="${l.kind}">${sign[l.kind]}</span><span role="cell" class="text">${esc(l.text)}</span></div>`).join("")}
    </div>`;
}
