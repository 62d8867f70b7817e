// The Routewise dashboard: four pages over /admin/dashboard/* (docs/dashboard.md). Text from the
// router goes into the page with textContent only, never as markup.
(function () {
  'use strict';

  const KEY = 'routewise-admin-key';
  const PAGES = ['spend', 'routing', 'providers', 'quality'];
  const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d',
    '#ea580c', '#4f46e5', '#0d9488', '#9333ea', '#b91c1c', '#15803d', '#a16207', '#1d4ed8'];
  const charts = {};
  let timer = null;
  let previousProviders = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v !== undefined && v !== null) {
          e.setAttribute(k, String(v));
        }
      }
    }
    return e;
  }

  function usd(v) {
    if (v === null || v === undefined) {
      return '–';
    }
    const a = Math.abs(v);
    const digits = a === 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
    return '$' + v.toFixed(digits);
  }

  function num(v, digits) {
    return v === null || v === undefined ? '–' : Number(v).toFixed(digits === undefined ? 0 : digits);
  }

  // A table cell; a number cell also carries its raw value for scripts and tests.
  function cell(text, value) {
    return el('td', text, value === undefined || value === null ? null : { 'data-value': value });
  }

  function fill(tableId, rows) {
    const body = $(tableId).querySelector('tbody');
    body.replaceChildren(...rows);
    if (rows.length === 0) {
      const cols = $(tableId).querySelectorAll('thead th').length;
      body.append(el('tr', null, null));
      body.lastChild.append(el('td', 'nothing yet', { colspan: cols, class: 'empty' }));
    }
  }

  function row(cells, attrs) {
    const tr = el('tr', null, attrs);
    tr.append(...cells);
    return tr;
  }

  async function api(path) {
    const key = sessionStorage.getItem(KEY);
    const res = await fetch(path, { headers: key ? { Authorization: 'Bearer ' + key } : {}, cache: 'no-store' });
    if (res.status === 401 || res.status === 403) {
      let message = 'the admin credential was refused';
      try {
        message = (await res.json()).error.message;
      } catch (e) { /* keep the generic message */ }
      const err = new Error(message);
      err.auth = true;
      throw err;
    }
    if (!res.ok) {
      throw new Error(path + ': HTTP ' + res.status);
    }
    return res.json();
  }

  // ---- charts ------------------------------------------------------------------------------------

  // Series from [{t, group, value}] points: one line per group over the sorted distinct times.
  function groupSeries(points, valueOf) {
    const times = [...new Set(points.map((p) => p.t))].sort();
    const groups = [...new Set(points.map((p) => p.group))].sort();
    const index = new Map(times.map((t, i) => [t, i]));
    const ys = groups.map(() => times.map(() => 0));
    for (const p of points) {
      ys[groups.indexOf(p.group)][index.get(p.t)] += valueOf(p);
    }
    return { xs: times.map((t) => Date.parse(t) / 1000), names: groups, ys };
  }

  // range: [from, to] in epoch seconds for the x axis (the period asked for), or null to fit the data.
  function chart(id, data, unit, range) {
    const target = $(id);
    if (charts[id]) {
      charts[id].destroy();
      delete charts[id];
    }
    target.replaceChildren();
    if (data.xs.length === 0 || data.names.length === 0) {
      target.append(el('p', 'no data in this range', { class: 'empty' }));
      return;
    }
    const width = Math.max(320, target.clientWidth || 900);
    const opts = {
      width,
      height: 220,
      series: [{}].concat(data.names.map((n, i) => ({
        label: n,
        stroke: COLORS[i % COLORS.length],
        width: 2,
        points: { show: data.xs.length < 3 },
        value: (u, v) => (v === null || v === undefined ? '–' : unit === 'usd' ? usd(v) : num(v, unit === 'rate' ? 3 : 0)),
      }))),
      axes: [{}, { values: (u, vals) => vals.map((v) => (unit === 'usd' ? usd(v) : unit === 'rate' ? num(v, 2) : num(v))), size: 90 }],
      scales: {
        x: range ? { time: true, range: () => range } : { time: true },
        y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
    };
    charts[id] = new uPlot(opts, [data.xs].concat(data.ys), target);
  }

  // ---- pages -------------------------------------------------------------------------------------

  function rangeQuery(bucketSel, rangeSel) {
    const days = Number($(rangeSel).value);
    const since = new Date(Date.now() - days * 86400000).toISOString();
    return 'bucket=' + encodeURIComponent($(bucketSel).value) + '&since=' + encodeURIComponent(since);
  }

  // The x range of a page's charts: from `since` to now, in epoch seconds.
  function xRange(since) {
    return [Date.parse(since) / 1000, Date.now() / 1000];
  }

  async function spend() {
    const d = await api('/admin/dashboard/spend?' + rangeQuery('spend-bucket', 'spend-range'));
    $('spend-total').textContent = usd(d.total_cost_usd);
    $('spend-total').dataset.value = d.total_cost_usd;
    chart('chart-spend-provider', groupSeries(d.by_provider, (p) => p.cost_usd), 'usd', xRange(d.since));
    chart('chart-spend-model', groupSeries(d.by_model, (p) => p.cost_usd), 'usd', xRange(d.since));
    chart('chart-spend-key', groupSeries(d.by_key, (p) => p.cost_usd), 'usd', xRange(d.since));
    fill('spend-providers', d.totals_by_provider.map((p) => row([
      cell(p.provider), cell(num(p.requests), p.requests), cell(usd(p.cost_usd), p.cost_usd),
    ], { 'data-provider': p.provider })));
    fill('spend-budgets', d.budgets.map((b) => {
      const used = b.cap_usd > 0 ? b.spent_usd / b.cap_usd : 0;
      const state = b.spent_usd >= b.cap_usd ? 'over' : b.spent_usd >= b.soft_usd ? 'soft' : 'ok';
      return row([
        cell(b.scope + ' ' + b.name), cell(b.period + ' ' + b.period_start), cell(usd(b.spent_usd), b.spent_usd),
        cell(usd(b.reserved_usd), b.reserved_usd), cell(usd(b.soft_usd), b.soft_usd), cell(usd(b.cap_usd), b.cap_usd),
        cell((100 * used).toFixed(1) + ' %', used),
      ], { 'data-budget': b.scope + ':' + b.name, class: 'budget-' + state });
    }));
    fill('spend-per-success', d.cost_per_success.map((m) => row([
      cell(m.model), cell(num(m.attempts), m.attempts), cell(num(m.successes), m.successes),
      cell(usd(m.cost_usd), m.cost_usd), cell(usd(m.cost_per_success_usd), m.cost_per_success_usd),
    ], { 'data-model': m.model })));
  }

  let decisions = [];

  // The first reason (why this model) in the open, the rest (what else was set aside) folded.
  function reasons(list) {
    const td = el('td', null, { class: 'reasons' });
    if (list.length === 0) {
      td.textContent = '–';
      return td;
    }
    const details = el('details');
    details.append(el('summary', list[0]));
    for (const r of list.slice(1)) {
      details.append(el('div', r));
    }
    td.append(list.length > 1 ? details : el('span', list[0]));
    return td;
  }

  function renderDecisions() {
    const q = $('decision-filter').value.trim().toLowerCase();
    const shown = decisions.filter((d) => !q || JSON.stringify(d).toLowerCase().includes(q)).slice(0, 200);
    fill('decisions', shown.map((d) => row([
      cell(d.request_id), cell(new Date(d.at).toLocaleTimeString()), cell(d.status, d.status), cell(d.chosen || '–'),
      cell(d.served || '–'), cell(num(d.expected_quality, 3), d.expected_quality), cell(usd(d.expected_cost_usd), d.expected_cost_usd),
      cell(d.top_class || '–'),
      cell([].concat(d.fallbacks.length ? ['then ' + d.fallbacks.join(', ')] : [],
        d.failed.length ? ['failed ' + d.failed.join(', ')] : [],
        d.skipped.length ? ['skipped ' + d.skipped.join(', ')] : []).join('; ') || '–'),
      cell(num(d.latency_ms, 1), d.latency_ms), cell(usd(d.cost_usd), d.cost_usd), reasons(d.reasons),
    ], { 'data-request': d.request_id })));
  }

  async function routing() {
    const d = await api('/admin/dashboard/routing?bucket=hour&since=' + encodeURIComponent(new Date(Date.now() - 86400000).toISOString()));
    $('routing-requests').textContent = num(d.routed_requests);
    $('routing-requests').dataset.value = d.routed_requests;
    $('routing-cost').textContent = usd(d.cost_usd);
    $('routing-cost').dataset.value = d.cost_usd;
    if (d.strongest) {
      $('routing-strongest-label').textContent = 'At ' + d.strongest.model + "'s list price";
      $('routing-at-strongest').textContent = usd(d.cost_at_strongest_usd);
      $('routing-at-strongest').dataset.value = d.cost_at_strongest_usd;
      $('routing-savings').textContent = usd(d.savings_usd) + ' (' + num(d.savings_percent, 1) + ' %)';
      $('routing-savings').dataset.value = d.savings_usd;
    }
    const mix = (m) => ({ xs: m.t.map((t) => Date.parse(t) / 1000), names: Object.keys(m.series), ys: Object.values(m.series) });
    chart('chart-mix-model', mix(d.mix_by_model), 'count', xRange(d.since));
    chart('chart-mix-class', mix(d.mix_by_class), 'count', xRange(d.since));
    decisions = d.decisions;
    renderDecisions();
  }

  async function providers() {
    const d = await api('/admin/dashboard/providers');
    const now = Date.parse(d.at);
    const before = previousProviders;
    previousProviders = { at: now, answered: new Map(d.deployments.map((x) => [x.provider + '/' + x.model, x.answered])) };
    fill('deployments', d.deployments.map((x) => {
      const key = x.provider + '/' + x.model;
      let rate = null;
      if (before && now > before.at && before.answered.has(key)) {
        rate = (x.answered - before.answered.get(key)) / ((now - before.at) / 1000);
      }
      const kinds = Object.entries(x.errors).map(([k, v]) => k + ' ' + v).join(', ');
      return row([
        cell(x.provider), cell(x.model), cell(num(x.answered), x.answered), cell(rate === null ? '–' : num(rate, 2), rate),
        cell(num(x.failed), x.failed), cell((100 * x.error_rate).toFixed(1) + ' %', x.error_rate), cell(kinds || '–'),
        cell(num(x.skipped), x.skipped), cell(num(x.latency_p50_ms, 1), x.latency_p50_ms), cell(num(x.latency_p95_ms, 1), x.latency_p95_ms),
        cell(num(x.ttft_p50_ms, 1), x.ttft_p50_ms), cell(num(x.ttft_p95_ms, 1), x.ttft_p95_ms),
        cell(x.breaker || '–', null), cell(x.health || '–', null),
      ], { 'data-deployment': key, class: x.breaker === 'open' || x.health === 'unhealthy' ? 'bad' : '' });
    }));
    fill('providers', d.providers.map((p) => row([
      cell(p.provider), cell(num(p.in_flight), p.in_flight), cell(num(p.refusals), p.refusals),
      cell(num(p.rate_limit_backoffs), p.rate_limit_backoffs),
    ], { 'data-provider': p.provider })));
  }

  async function openReport(name) {
    const key = sessionStorage.getItem(KEY);
    const res = await fetch('/admin/dashboard/reports/' + encodeURIComponent(name), { headers: { Authorization: 'Bearer ' + key } });
    if (!res.ok) {
      $('status').textContent = 'report ' + name + ': HTTP ' + res.status;
      return;
    }
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
  }

  async function quality() {
    const d = await api('/admin/dashboard/quality');
    const runs = d.eval_runs.slice().reverse(); // oldest first for the chart
    const models = [...new Set(runs.flatMap((r) => Object.keys(r.pass_rate)))].sort();
    chart('chart-quality', {
      xs: runs.map((r) => Date.parse(r.started_at) / 1000),
      names: models,
      ys: models.map((m) => runs.map((r) => (m in r.pass_rate ? r.pass_rate[m] : null))),
    }, 'rate', runs.length === 1 ? [Date.parse(runs[0].started_at) / 1000 - 3600, Date.parse(runs[0].started_at) / 1000 + 3600] : null);
    fill('eval-runs', d.eval_runs.map((r) => {
      const link = el('td');
      if (r.report) {
        const a = el('a', r.report, { href: '#quality', 'data-report': r.report });
        a.addEventListener('click', (e) => { e.preventDefault(); openReport(r.report); });
        link.append(a);
      } else {
        link.textContent = '–';
      }
      return row([
        cell(r.run_id), cell(new Date(r.started_at).toLocaleString()), cell(r.status),
        cell(r.drifted_models.length ? r.drifted_models.join(', ') : 'none', r.drifted_models.length),
        cell(r.weights_version === null ? '–' : 'v' + r.weights_version), cell(usd(r.spent_usd), r.spent_usd), link,
      ], { 'data-run': r.run_id, class: r.drifted_models.length ? 'bad' : '' });
    }));
    fill('weights-versions', d.weights_versions.map((v) => row([
      cell('v' + v.version, v.version), cell(v.created_at ? new Date(v.created_at).toLocaleString() : '–'), cell(v.reason || '–'),
      cell(v.run_id || '–'), cell(v.current ? 'current' : ''),
    ])));
    fill('config-versions', d.config_versions.map((v) => row([
      cell(v.version), cell(new Date(v.applied_at).toLocaleString()), cell(v.source || '–'),
    ])));
  }

  const LOADERS = { spend, routing, providers, quality };
  const REFRESH = { spend: 30000, routing: 15000, providers: 5000, quality: 60000 };

  function currentPage() {
    const name = location.hash.replace('#', '');
    return PAGES.includes(name) ? name : 'spend';
  }

  async function load() {
    clearTimeout(timer);
    const page = currentPage();
    for (const p of PAGES) {
      $('page-' + p).hidden = p !== page;
    }
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === page));
    if (!sessionStorage.getItem(KEY)) {
      showLogin('');
      return;
    }
    try {
      await LOADERS[page]();
      $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
      document.body.dataset.loaded = page;
    } catch (e) {
      if (e.auth) {
        sessionStorage.removeItem(KEY);
        showLogin(e.message);
        return;
      }
      $('status').textContent = 'could not load: ' + e.message;
    }
    timer = setTimeout(load, REFRESH[page]);
  }

  function showLogin(message) {
    $('login').hidden = false;
    $('signout').hidden = true;
    document.querySelector('main').hidden = true;
    $('login-error').textContent = message;
  }

  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('key').value.trim());
    $('key').value = '';
    $('login').hidden = true;
    $('signout').hidden = false;
    document.querySelector('main').hidden = false;
    load();
  });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    showLogin('');
  });
  $('spend-bucket').addEventListener('change', load);
  $('spend-range').addEventListener('change', load);
  $('decision-filter').addEventListener('input', renderDecisions);
  window.addEventListener('hashchange', () => { previousProviders = null; load(); });
  if (sessionStorage.getItem(KEY)) {
    $('signout').hidden = false;
  }
  load();
}());
