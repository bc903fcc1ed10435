// The tierroute dashboard: four pages over the service's /ui/api routes (and /v1/route).
// No framework; Chart.js (vendored, served by the service) draws the charts.
"use strict";

const TIERS = ["small", "mid", "reasoning"];
const COLORS = { small: "#2e7d32", mid: "#1565c0", reasoning: "#8e24aa" };
const POLL_MS = 3000;
const KEY_STORE = "tierroute-admin-key";

const $ = (id) => document.getElementById(id);
const charts = {};
let policyView = null;
let pollTimer = null;

// ------------------------------------------------------------------ requests
class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  const key = sessionStorage.getItem(KEY_STORE);
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (_) {
    data = null;
  }
  if (response.status === 401 || response.status === 403) {
    askForKey(data && data.error ? data.error.message : `HTTP ${response.status}`);
    throw new ApiError(response.status, "an admin key is needed", data);
  }
  if (!response.ok && !(data && data.problems)) {
    const message = data && data.error ? data.error.message : `HTTP ${response.status}`;
    throw new ApiError(response.status, message, data);
  }
  return data;
}

function askForKey(message) {
  $("key-form").hidden = false;
  const error = $("key-error");
  error.hidden = !message || !sessionStorage.getItem(KEY_STORE);
  error.textContent = message || "";
}

// ------------------------------------------------------------------ formatting
const pct = (v) => (v === null || v === undefined ? "-" : `${(100 * v).toFixed(1)}%`);
const secs = (v) => (v === null || v === undefined ? "-" : v.toFixed(3));
function usd(v) {
  if (v === null || v === undefined) return "-";
  if (v === 0) return "$0";
  if (Math.abs(v) < 0.01) return `$${v.toPrecision(3)}`;
  return `$${v.toFixed(2)}`;
}
const hhmm = (unix) => new Date(unix * 1000).toISOString().slice(11, 16);
const clock = (unix) => new Date(unix * 1000).toISOString().slice(0, 19).replace("T", " ");

function fill(tbody, rows) {
  tbody.replaceChildren(
    ...rows.map((cells) => {
      const tr = document.createElement("tr");
      for (const cell of cells) {
        const td = document.createElement("td");
        if (cell instanceof Node) td.append(cell);
        else td.textContent = cell;
        tr.append(td);
      }
      return tr;
    })
  );
}

function chart(id, config) {
  if (charts[id]) {
    charts[id].data = config.data;
    charts[id].options = config.options;
    charts[id].update("none");
    return charts[id];
  }
  charts[id] = new Chart($(id), config);
  return charts[id];
}

function axis(title, extra = {}) {
  return { title: { display: true, text: title }, ...extra };
}

const NO_ANIMATION = { animation: false, responsive: true, maintainAspectRatio: true };

// ------------------------------------------------------------------ pages
const pages = {
  overview: { open: openOverview, close: () => clearInterval(pollTimer) },
  explorer: { open: openExplorer },
  tuning: { open: openTuning },
  economics: { open: openEconomics },
};

function show() {
  const name = (location.hash || "#overview").slice(1);
  const page = pages[name] ? name : "overview";
  for (const [other, handlers] of Object.entries(pages)) {
    $(`page-${other}`).hidden = other !== page;
    if (other !== page && handlers.close) handlers.close();
  }
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("active", link.dataset.page === page);
  }
  document.body.dataset.page = page;
  pages[page].open().catch(reportError);
}

function reportError(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
  console.error(error);
  const status = $("ov-updated");
  if (status) status.textContent = `error: ${error.message}`;
}

async function loadPolicy() {
  policyView = await api("/ui/api/policy");
  $("key-form").hidden = true;
  $("policy-badge").textContent = `policy ${policyView.name}, version ${policyView.version}`;
  return policyView;
}

// ------------------------------------------------------------------ overview
async function openOverview() {
  clearInterval(pollTimer);
  await refreshOverview();
  pollTimer = setInterval(() => refreshOverview().catch(reportError), POLL_MS);
}

async function refreshOverview() {
  const window = $("ov-window").value;
  const o = await api(`/ui/api/overview?window_s=${window}`);
  $("key-form").hidden = true;
  $("ov-log-off").hidden = o.log_enabled;
  $("ov-requests").textContent = o.requests;
  for (const tier of TIERS) $(`ov-count-${tier}`).textContent = o.counts[tier] ?? 0;
  $("ov-spent").textContent = usd(o.spent_usd);
  $("ov-alltop").textContent = usd(o.all_top_usd);
  $("ov-saving").textContent = pct(o.saving);
  $("ov-escalated").textContent = o.requests ? `${o.escalated_requests} (${pct(o.escalated_requests / o.requests)})` : "0";
  $("ov-cache-rate").textContent = pct(o.cache_hit_rate);
  const handoffs = Object.values(o.handoffs).reduce((a, b) => a + b, 0);
  $("ov-handoffs").textContent = handoffs;
  $("ov-cost-label").textContent = `Money: ${o.cost_label}. Buckets of ${o.bucket_s} s.`;
  $("ov-updated").textContent = `updated ${clock(Date.now() / 1000)} UTC, every ${POLL_MS / 1000} s`;
  $("page-overview").dataset.requests = o.requests;

  chart("chart-per-tier", {
    type: "bar",
    data: {
      labels: o.buckets.map(hhmm),
      datasets: TIERS.map((t) => ({ label: t, data: o.per_tier[t], backgroundColor: COLORS[t], stack: "s" })),
    },
    options: {
      ...NO_ANIMATION,
      aspectRatio: 3,
      scales: {
        x: axis("time (UTC, bucket start)", { stacked: true }),
        y: axis(`requests per ${o.bucket_s} s`, { stacked: true, beginAtZero: true, ticks: { precision: 0 } }),
      },
    },
  });
  chart("chart-mix", {
    type: "doughnut",
    data: {
      labels: TIERS.map((t) => `${t} (${pct(o.mix[t] ?? 0)})`),
      datasets: [{ data: TIERS.map((t) => o.counts[t] ?? 0), backgroundColor: TIERS.map((t) => COLORS[t]) }],
    },
    options: { ...NO_ANIMATION, plugins: { legend: { position: "right" } } },
  });
  chart("chart-spend", {
    type: "bar",
    data: {
      labels: ["spent (routed)", "all on the top tier"],
      datasets: [{ label: "USD", data: [o.spent_usd, o.all_top_usd], backgroundColor: ["#2e7d32", "#9e9e9e"] }],
    },
    options: { ...NO_ANIMATION, plugins: { legend: { display: false } }, scales: { y: axis("USD", { beginAtZero: true }) } },
  });
  const reasons = Object.keys(o.escalations);
  chart("chart-escalations", {
    type: "bar",
    data: {
      labels: reasons.length ? reasons : ["(none)"],
      datasets: [{ label: "escalations", data: reasons.length ? reasons.map((r) => o.escalations[r]) : [0], backgroundColor: "#ef6c00" }],
    },
    options: {
      ...NO_ANIMATION,
      plugins: { legend: { display: false } },
      scales: { x: axis("reason"), y: axis("escalations", { beginAtZero: true, ticks: { precision: 0 } }) },
    },
  });
  chart("chart-latency", {
    type: "bar",
    data: {
      labels: TIERS,
      datasets: [
        { label: "p50 latency", data: TIERS.map((t) => o.latency[t]?.p50_s ?? 0), backgroundColor: "#64b5f6" },
        { label: "p99 latency", data: TIERS.map((t) => o.latency[t]?.p99_s ?? 0), backgroundColor: "#1565c0" },
        { label: "p50 first token", data: TIERS.map((t) => o.first_token[t]?.p50_s ?? 0), backgroundColor: "#a5d6a7" },
        { label: "p99 first token", data: TIERS.map((t) => o.first_token[t]?.p99_s ?? 0), backgroundColor: "#2e7d32" },
      ],
    },
    options: { ...NO_ANIMATION, scales: { x: axis("tier"), y: axis("seconds", { beginAtZero: true }) } },
  });
  fill(
    $("ov-latency").tBodies[0],
    TIERS.map((t) => [t, o.latency[t]?.count ?? 0, secs(o.latency[t]?.p50_s), secs(o.latency[t]?.p99_s), secs(o.first_token[t]?.p50_s), secs(o.first_token[t]?.p99_s)])
  );
}

// ------------------------------------------------------------------ explorer
async function openExplorer() {
  await loadPolicy();
  await refreshRecent();
}

async function routeTicket() {
  $("ex-error").hidden = true;
  let metadata;
  try {
    metadata = JSON.parse($("ex-metadata").value || "{}");
    if (typeof metadata !== "object" || Array.isArray(metadata) || metadata === null) throw new Error("not an object");
  } catch (error) {
    $("ex-error").textContent = `Metadata must be a JSON object, like {"plan": "enterprise"}: ${error.message}`;
    $("ex-error").hidden = false;
    return;
  }
  let decision;
  try {
    decision = await api("/v1/route", { method: "POST", body: { text: $("ex-text").value, metadata } });
  } catch (error) {
    $("ex-error").textContent = error.message;
    $("ex-error").hidden = false;
    return;
  }
  const thresholds = (policyView || (await loadPolicy())).thresholds;
  $("ex-result").hidden = false;
  $("ex-tier").textContent = decision.tier;
  $("ex-tier").dataset.tier = decision.tier;
  $("ex-score").textContent = decision.score.toFixed(3);
  $("ex-th-mid").textContent = thresholds.mid;
  $("ex-th-reasoning").textContent = thresholds.reasoning;
  chart("chart-score", {
    type: "bar",
    data: {
      labels: ["score"],
      datasets: [
        { label: `small (< ${thresholds.mid})`, data: [thresholds.mid], backgroundColor: "#c8e6c9", stack: "t" },
        { label: `mid (< ${thresholds.reasoning})`, data: [thresholds.reasoning - thresholds.mid], backgroundColor: "#bbdefb", stack: "t" },
        { label: "reasoning", data: [1 - thresholds.reasoning], backgroundColor: "#e1bee7", stack: "t" },
        { label: `score ${decision.score.toFixed(3)}`, data: [[Math.max(0, decision.score - 0.006), Math.min(1, decision.score + 0.006)]], backgroundColor: "#000", stack: "score" },
      ],
    },
    options: {
      ...NO_ANIMATION,
      indexAxis: "y",
      aspectRatio: 5,
      scales: { x: axis("difficulty score (thresholds shaded)", { stacked: true, min: 0, max: 1 }), y: { stacked: true } },
    },
  });
  fill($("ex-probabilities").tBodies[0], Object.entries(decision.probabilities).map(([t, p]) => [t, pct(p)]));
  $("ex-reasons").replaceChildren(
    ...decision.reasons.map((r) => {
      const li = document.createElement("li");
      li.textContent = `${r.kind}: ${r.detail}`;
      return li;
    })
  );
  fill($("ex-features").tBodies[0], decision.features.map((f) => [f.feature, f.contribution.toFixed(3)]));
  $("ex-json").textContent = JSON.stringify(decision, null, 2);
}

async function refreshRecent() {
  const params = new URLSearchParams({ limit: "50" });
  if ($("ex-filter-tier").value) params.set("tier", $("ex-filter-tier").value);
  if ($("ex-filter-reason").value) params.set("reason", $("ex-filter-reason").value);
  const records = await api(`/ui/api/decisions?${params}`);
  const reasons = $("ex-filter-reason");
  const known = new Set([...reasons.options].map((o) => o.value));
  for (const signal of policyView ? policyView.all_signals : []) {
    if (!known.has(signal)) reasons.add(new Option(signal, signal));
  }
  fill(
    $("ex-recent").tBodies[0],
    records.map((r) => {
      const link = document.createElement("a");
      link.href = "#explorer";
      link.textContent = r.request_id;
      link.className = "request-link";
      link.addEventListener("click", (event) => {
        event.preventDefault();
        showPath(r.request_id).catch(reportError);
      });
      return [clock(r.time), link, r.decided_tier, r.final_tier, r.called.join(" → ") || "-", r.escalations.join(", ") || "-", r.score.toFixed(3), usd(r.cost_usd), secs(r.latency_s), r.cache];
    })
  );
}

async function showPath(requestId) {
  const path = await api(`/ui/api/decisions/${encodeURIComponent(requestId)}`);
  const d = path.decision;
  $("ex-path").hidden = false;
  $("ex-path-id").textContent = d.request_id;
  const fields = [
    ["time (UTC)", clock(d.time)],
    ["ticket", d.ticket_id || "-"],
    ["policy version", d.policy_version],
    ["score", d.score.toFixed(3)],
    ["classifier chose", d.classifier_tier || "-"],
    ["rules matched", d.rules.join(", ") || "none"],
    ["placed by", d.placed_by.join(", ") || "its score"],
    ["decided tier", d.decided_tier],
    ["tiers called, in order", d.called.join(" → ") || "none (cached)"],
    ["why it escalated", d.escalations.join(", ") || "it did not"],
    ["final tier", d.final_tier],
    ["cost", usd(d.cost_usd)],
    ["latency", `${secs(d.latency_s)} s (first token ${secs(d.first_token_s)} s)`],
    ["cache", d.cache],
    ["tokens", `${d.input_tokens} in (estimated), ${d.output_tokens} out`],
    ["outcomes", path.outcomes.map((o) => `${o.source} ${o.tier}: ${o.score}`).join("; ") || "none yet"],
  ];
  $("ex-path-fields").replaceChildren(
    ...fields.flatMap(([name, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    })
  );
}

// ------------------------------------------------------------------ tuning
let editing = Promise.resolve();
let previewTimer = null;

async function openTuning() {
  const view = await loadPolicy();
  if (!$("tu-source").value) resetTuning(view);
  await previewProposal();
}

function resetTuning(view) {
  $("tu-source").value = view.source;
  $("tu-path").textContent = view.path;
  setControls(view.thresholds.mid, view.thresholds.reasoning, view.max_steps, view.signals, view.max_output_tokens);
}

function setControls(mid, reasoning, maxSteps, signals, tokens) {
  $("tu-mid").value = mid;
  $("tu-mid-value").textContent = Number(mid).toFixed(2);
  $("tu-reasoning").value = reasoning;
  $("tu-reasoning-value").textContent = Number(reasoning).toFixed(2);
  $("tu-max-steps").value = String(maxSteps);
  const box = $("tu-signals");
  box.querySelectorAll("label").forEach((l) => l.remove());
  for (const signal of policyView.all_signals) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.className = "tu-signal";
    input.value = signal;
    input.checked = signals.includes(signal);
    input.addEventListener("change", () => edit({ signals: checkedSignals() }));
    label.append(input, ` ${signal}`);
    box.append(label);
  }
  const budgets = $("tu-tokens");
  budgets.querySelectorAll("label").forEach((l) => l.remove());
  for (const tier of TIERS) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "number";
    input.min = "1";
    input.id = `tu-tokens-${tier}`;
    input.value = tokens[tier];
    input.addEventListener("change", () => edit({ max_output_tokens: { [tier]: Number(input.value) } }));
    label.append(`${tier} `, input);
    budgets.append(label);
  }
}

function checkedSignals() {
  return [...document.querySelectorAll(".tu-signal")].filter((i) => i.checked).map((i) => i.value);
}

function edit(edits) {
  // one edit after the other: each works on the text the one before left
  editing = editing.then(async () => {
    try {
      const edited = await api("/ui/api/policy/edit", { method: "POST", body: { source: $("tu-source").value, edits } });
      $("tu-source").value = edited.source;
      $("tu-status").textContent = edited.rewritten ? "The file's layout had no place for a change: the text was written out again (its comments are gone)." : "";
      schedulePreview(0);
    } catch (error) {
      showProblems([{ file: "", line: null, field: "(text)", message: error.message }]);
    }
  });
  return editing;
}

function schedulePreview(delay = 600) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => previewProposal().catch(reportError), delay);
}

function showProblems(problems) {
  $("tu-problems").replaceChildren(
    ...problems.map((p) => {
      const li = document.createElement("li");
      const where = p.line ? `${p.file}:${p.line}` : p.file;
      li.textContent = `${where ? where + ": " : ""}${p.field}: ${p.message}`;
      return li;
    })
  );
}

async function previewProposal() {
  $("tu-status").dataset.state = "previewing";
  const result = await api("/ui/api/policy/preview", {
    method: "POST",
    body: { source: $("tu-source").value, last: Number($("tu-last").value) || 1000 },
  });
  showProblems(result.problems || []);
  $("tu-apply").disabled = !result.ok;
  if (!result.ok) {
    $("tu-status").textContent = `${result.problems.length} problem(s): nothing can be applied until they are fixed.`;
    $("tu-status").dataset.state = "invalid";
    return;
  }
  const p = result.preview;
  $("tu-status").textContent = `Valid (version ${result.version}). Tried on ${p.requests} logged request(s); ${p.changed} decided differently.`;
  $("tu-status").dataset.state = "valid";
  const rows = [
    ...TIERS.map((t) => [`decided ${t}`, pct(p.current.decided[t]), pct(p.proposed.decided[t])]),
    ...TIERS.map((t) => [`answered by ${t} (after escalation)`, pct(p.current.final[t]), pct(p.proposed.final[t])]),
    ["escalated", pct(p.current.escalation_rate), pct(p.proposed.escalation_rate)],
    ["cost", usd(p.current.cost_usd), usd(p.proposed.cost_usd)],
    ["cost per request", usd(p.current.cost_per_request_usd), usd(p.proposed.cost_per_request_usd)],
    ["cost, share of all-to-top", pct(p.current.cost_share_of_top), pct(p.proposed.cost_share_of_top)],
  ];
  fill($("tu-mix").tBodies[0], rows);
  $("tu-mix").dataset.proposedSmall = p.proposed.decided.small;
  $("tu-mix").dataset.currentSmall = p.current.decided.small;
  $("tu-notes").replaceChildren(
    ...[`Money: ${p.cost_label}.`, ...p.notes].map((n) => {
      const li = document.createElement("li");
      li.textContent = n;
      return li;
    })
  );
  chart("chart-preview-mix", {
    type: "bar",
    data: {
      labels: TIERS,
      datasets: [
        { label: "in force", data: TIERS.map((t) => 100 * p.current.decided[t]), backgroundColor: "#9e9e9e" },
        { label: "proposed", data: TIERS.map((t) => 100 * p.proposed.decided[t]), backgroundColor: "#1565c0" },
      ],
    },
    options: { ...NO_ANIMATION, scales: { x: axis("decided tier"), y: axis("share of logged requests (%)", { beginAtZero: true, max: 100 }) } },
  });
  const curve = result.curve;
  $("tu-curve-none").hidden = Boolean(curve);
  $("chart-curve").hidden = !curve;
  if (curve) {
    const point = (c) => ({ x: 100 * c.cost_share, y: 100 * c.quality_share });
    chart("chart-curve", {
      type: "scatter",
      data: {
        datasets: [
          { label: `best thresholds (${curve.rows} requests)`, data: curve.front.map(point), showLine: true, borderColor: "#9e9e9e", backgroundColor: "#9e9e9e" },
          { label: "in force", data: [point(curve.current)], backgroundColor: "#000", pointRadius: 10 },
          { label: "proposed", data: [point(curve.proposed)], backgroundColor: "#d81b60", pointRadius: 6, pointStyle: "rectRot" },
        ],
      },
      options: { ...NO_ANIMATION, scales: { x: axis("cost, % of all-to-top", { min: 0, grace: "5%" }), y: axis("quality, % of the top tier's", { grace: "5%" }) } },
    });
  }
}

async function applyProposal() {
  if (!confirm("Write this policy to the policy file and put it in force now?")) return;
  const result = await api("/ui/api/policy/apply", { method: "POST", body: { source: $("tu-source").value } });
  if (!result.ok) {
    showProblems(result.problems);
    $("tu-status").textContent = "Not applied: the policy in force is unchanged.";
    $("tu-status").dataset.state = "invalid";
    return;
  }
  const o = result.outcome;
  $("tu-status").textContent = o.changed ? `Applied: version ${o.previous_version} → ${o.version}.` : `Nothing changed: version ${o.version} was already in force.`;
  $("tu-status").dataset.state = "applied";
  await loadPolicy();
}

function downloadProposal() {
  const blob = new Blob([$("tu-source").value], { type: "application/yaml" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = (policyView && policyView.path.split("/").pop()) || "policy.yaml";
  link.click();
  URL.revokeObjectURL(link.href);
}

// ------------------------------------------------------------------ economics
async function openEconomics() {
  await loadPolicy();
  await runEconomics();
}

async function runEconomics() {
  $("ec-error").hidden = true;
  const body = {
    mix: $("ec-mix").value,
    rate: $("ec-rate").value,
    size_ratio: $("ec-size").value,
    token_ratio: $("ec-tokens").value,
    context_ratio: $("ec-context").value,
    accuracy: Number($("ec-accuracy").value),
    escalation_recall: Number($("ec-recall").value),
    miss_cost_times_top: Number($("ec-miss").value),
  };
  let e;
  try {
    e = await api("/ui/api/economics", { method: "POST", body });
  } catch (error) {
    $("ec-error").textContent = error.message;
    $("ec-error").hidden = false;
    return;
  }
  const r = e.report;
  const s = r.scenario;
  const w = r.routing.with_escalation;
  const breakEven = (c) => (c.break_even === null ? c.verdict.replaceAll("_", " ") : `accuracy ${c.break_even.toFixed(3)}`);
  fill($("ec-result").tBodies[0], [
    ["cost per ticket, perfect router", usd(s.tiered.usd_per_ticket)],
    ["cost per ticket, all on the top tier", usd(s.all_top.usd_per_ticket)],
    ["saving of a perfect router", pct(s.saving)],
    [`saved per hour at ${r.settings.rate_per_hour} tickets/h`, usd(s.usd_saved_per_hour)],
    [`router at accuracy ${r.routing.accuracy.toFixed(2)}, with escalation: cost share of all-to-top`, pct(w.relative_to_top)],
    ["break-even without escalation", breakEven(e.curves[0])],
    ["break-even with escalation", breakEven(e.curves[1])],
  ]);
  $("ec-basis").textContent = `Cost basis: ${r.costs.basis === "price" ? "the policy's prices" : "compute (the tiers have no price), USD per PFLOP " + r.costs.usd_per_pflop}.`;
  const line = (c, color) => ({
    label: c.label,
    data: c.accuracy.map((x, i) => ({ x, y: c.relative_to_top[i] })),
    showLine: true,
    borderColor: color,
    backgroundColor: color,
    pointRadius: 0,
  });
  const marks = e.curves.filter((c) => c.break_even !== null).map((c, i) => ({
    label: `break-even ${c.label}: ${c.break_even.toFixed(3)}`,
    data: [{ x: c.break_even, y: 1 }],
    backgroundColor: ["#ef6c00", "#1565c0"][i],
    pointRadius: 8,
  }));
  chart("chart-economics", {
    type: "scatter",
    data: {
      datasets: [
        line(e.curves[0], "#ef6c00"),
        line(e.curves[1], "#1565c0"),
        { label: "all on the top tier", data: [{ x: 0, y: 1 }, { x: 1, y: 1 }], showLine: true, borderColor: "#616161", borderDash: [6, 4], pointRadius: 0 },
        ...marks,
      ],
    },
    options: {
      ...NO_ANIMATION,
      aspectRatio: 2.5,
      scales: {
        x: axis("router accuracy (share of tickets sent to their right tier)", { min: 0, max: 1 }),
        y: axis("cost per ticket, incl. misses (× all-to-top)", { beginAtZero: true }),
      },
    },
  });
}

// ------------------------------------------------------------------ wiring
function wire() {
  $("key-submit").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORE, $("key-input").value.trim());
    $("key-input").value = "";
    show();
  });
  $("ov-window").addEventListener("change", () => refreshOverview().catch(reportError));
  $("ex-route").addEventListener("click", () => routeTicket().catch(reportError));
  $("ex-refresh").addEventListener("click", () => refreshRecent().catch(reportError));
  $("ex-filter-tier").addEventListener("change", () => refreshRecent().catch(reportError));
  $("ex-filter-reason").addEventListener("change", () => refreshRecent().catch(reportError));
  for (const name of ["mid", "reasoning"]) {
    const slider = $(`tu-${name}`);
    slider.addEventListener("input", () => ($(`tu-${name}-value`).textContent = Number(slider.value).toFixed(2)));
    slider.addEventListener("change", () => edit({ [name]: Number(slider.value) }));
  }
  $("tu-max-steps").addEventListener("change", () => edit({ max_steps: Number($("tu-max-steps").value) }));
  $("tu-source").addEventListener("input", () => schedulePreview());
  $("tu-preview").addEventListener("click", () => previewProposal().catch(reportError));
  $("tu-apply").addEventListener("click", () => applyProposal().catch(reportError));
  $("tu-download").addEventListener("click", downloadProposal);
  $("tu-reset").addEventListener("click", () => loadPolicy().then((v) => { resetTuning(v); return previewProposal(); }).catch(reportError));
  $("ec-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runEconomics().catch(reportError);
  });
  window.addEventListener("hashchange", show);
  Chart.defaults.font.size = 13;
  show();
}

wire();
