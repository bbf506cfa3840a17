// The study dashboard: plain browser JavaScript served as is (no build step). Every value from the collector is
// written with textContent or as chart data, never as HTML. The admin token lives in sessionStorage only.
(() => {
  const TOKEN_KEY = 'stageback.dashboard.token';
  const ALL = '*';
  const OUTCOMES = [
    ['full', 'Fully', '#1b7837'],
    ['partial', 'Partly', '#e08214'],
    ['none', 'Not read', '#b2182b'],
  ];
  const SITE_COLOURS = ['#0b57d0', '#d93025', '#188038', '#a142f4', '#e37400', '#007b83', '#5f6368', '#b80672'];
  const REASONS = {
    invalid: 'Did not match the format (invalid)',
    nul_character: 'Held the NUL character',
    lone_surrogate: 'Held broken Unicode (a lone surrogate)',
    owned_by_another_participant: 'Had the id of another participant’s record',
    unchecked: 'Not checked: the batch had over 1,000 invalid items',
    request_too_large: 'Whole requests too large (413)',
  };

  const $ = (id) => document.getElementById(id);
  const charts = {};
  let token = sessionStorage.getItem(TOKEN_KEY);

  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };
  const number = (n) => n.toLocaleString('en-US');
  const studyName = (id) => (id === '' ? '(no study)' : id);
  const siteName = (id) => (id === '' ? '(trace not received yet)' : id);

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, params = {}) {
    const query = new URLSearchParams(params).toString();
    const res = await fetch(`/v1/dashboard/${path}${query ? `?${query}` : ''}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      let message = `the collector answered ${res.status}`;
      try {
        message = (await res.json()).error ?? message;
      } catch {}
      throw new HttpError(res.status, message);
    }
    return res.json();
  }

  function studyParams() {
    const study = $('study').value;
    return study === ALL ? {} : { study };
  }

  function fillTable(table, headings, rows) {
    table.replaceChildren();
    const head = el('thead');
    const tr = el('tr');
    for (const h of headings) {
      const th = el('th', h);
      th.scope = 'col';
      tr.append(th);
    }
    head.append(tr);
    const body = el('tbody');
    for (const row of rows) {
      const line = el('tr');
      for (const cell of row)
        line.append(
          el('td', typeof cell === 'number' ? number(cell) : cell, typeof cell === 'number' ? 'number' : undefined),
        );
      body.append(line);
    }
    if (rows.length === 0) {
      const line = el('tr');
      const td = el('td', 'Nothing yet.');
      td.colSpan = headings.length;
      line.append(td);
      body.append(line);
    }
    table.append(head, body);
  }

  function drawChart(id, config) {
    charts[id]?.destroy();
    const { Chart } = globalThis;
    if (!Chart) return; // the tables still show everything
    charts[id] = new Chart($(id), {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
  }

  async function loadStudies() {
    const { studies } = await api('studies');
    const select = $('study');
    const previous = select.value || ALL;
    select.replaceChildren();
    const all = el('option', 'All studies');
    all.value = ALL;
    select.append(all);
    for (const study of studies) {
      const option = el('option', `${studyName(study.id)} (${number(study.events)} events)`);
      option.value = study.id;
      select.append(option);
    }
    select.value = [...select.options].some((o) => o.value === previous) ? previous : ALL;
  }

  async function showParticipants() {
    const p = await api('participants', studyParams());
    const list = $('participants');
    list.replaceChildren();
    for (const [name, value, id] of [
      ['Enrolled', p.enrolled, 'enrolled'],
      ['Active in the last 7 days', p.active, 'active'],
      ['Withdrawn', p.withdrawn, 'withdrawn'],
      ['Have a token, sent nothing yet', p.silent, 'silent'],
    ]) {
      const box = el('div');
      box.dataset.count = id;
      box.append(el('dt', name), el('dd', number(value)));
      list.append(box);
    }
  }

  async function showDays() {
    const { days } = await api('events-per-day', studyParams());
    fillTable(
      $('days-table'),
      ['Day', 'Events', 'Answers (traces)'],
      days.map((d) => [d.day, d.events, d.traces]),
    );
    drawChart('days-chart', {
      type: 'bar',
      data: {
        labels: days.map((d) => d.day),
        datasets: [{ label: 'Events', data: days.map((d) => d.events), backgroundColor: '#0b57d0' }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
    });
  }

  async function showFeedback() {
    const { feedback } = await api('feedback', studyParams());
    fillTable(
      $('feedback-table'),
      ['Site', 'Stage', 'Label', 'Count'],
      feedback.map((f) => [siteName(f.site), f.stage, f.label, f.count]),
    );
    const bars = [...new Set(feedback.map((f) => `${f.stage}: ${f.label}`))];
    const sites = [...new Set(feedback.map((f) => f.site))];
    drawChart('feedback-chart', {
      type: 'bar',
      data: {
        labels: bars,
        datasets: sites.map((site, i) => ({
          label: siteName(site),
          backgroundColor: SITE_COLOURS[i % SITE_COLOURS.length],
          data: bars.map(
            (bar) => feedback.find((f) => f.site === site && `${f.stage}: ${f.label}` === bar)?.count ?? 0,
          ),
        })),
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
  }

  async function showReads() {
    const { reads } = await api('reads', studyParams());
    const adapters = [...new Set(reads.map((r) => r.adapter))];
    const count = (adapter, outcome) => reads.find((r) => r.adapter === adapter && r.outcome === outcome)?.count ?? 0;
    const percent = (part, whole) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`);
    fillTable(
      $('reads-table'),
      ['Adapter', 'Answers', 'Fully', 'Partly', 'Not read'],
      adapters.map((a) => {
        const total = OUTCOMES.reduce((sum, [o]) => sum + count(a, o), 0);
        return [a, total, ...OUTCOMES.map(([o]) => `${number(count(a, o))} (${percent(count(a, o), total)})`)];
      }),
    );
    drawChart('reads-chart', {
      type: 'bar',
      data: {
        labels: adapters,
        datasets: OUTCOMES.map(([outcome, label, colour]) => ({
          label,
          backgroundColor: colour,
          data: adapters.map((a) => count(a, outcome)),
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } },
    });
  }

  async function showRefused() {
    const { refused } = await api('refused', studyParams());
    const totals = new Map();
    for (const r of refused) totals.set(r.reason, (totals.get(r.reason) ?? 0) + r.count);
    const last = new Map();
    for (const r of refused) last.set(r.reason, r.day);
    fillTable(
      $('refused-table'),
      ['Why', 'Items', 'Last on'],
      [...totals].map(([reason, total]) => [REASONS[reason] ?? reason, total, last.get(reason)]),
    );
  }

  async function download(path, params, fallbackName, button) {
    const status = $('status');
    button.disabled = true;
    status.textContent = `Preparing ${fallbackName}…`;
    try {
      const query = new URLSearchParams(params).toString();
      const res = await fetch(`${path}${query ? `?${query}` : ''}`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new HttpError(res.status, (await res.json().catch(() => ({}))).error ?? `${res.status}`);
      const disposition = res.headers.get('Content-Disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await res.blob());
      const a = el('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = `Downloaded ${name}.`;
    } catch (error) {
      $('board-error').textContent = `The export failed: ${error.message}`;
      status.textContent = '';
    } finally {
      button.disabled = false;
    }
  }

  async function showExports() {
    const { formats } = await api('exports');
    const list = $('exports');
    list.replaceChildren();
    const item = (label, description, onClick) => {
      const li = el('li');
      const button = el('button', `Download ${label}`);
      button.type = 'button';
      button.addEventListener('click', () => onClick(button));
      li.append(button, el('span', description));
      list.append(li);
    };
    item('JSONL (every record, every study)', 'Every trace and event as stored, one per line.', (button) =>
      download('/v1/export', { format: 'jsonl' }, 'stageback-collector.jsonl', button),
    );
    for (const f of formats) {
      item(f.label, f.description, (button) =>
        download(
          `/v1/dashboard/exports/${encodeURIComponent(f.id)}`,
          studyParams(),
          `stageback-${f.id}.${f.fileExtension}`,
          button,
        ),
      );
    }
  }

  function signedOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    $('board').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message ?? '';
    $('status').textContent = '';
    $('token').focus();
  }

  async function refresh() {
    $('board-error').textContent = '';
    $('status').textContent = 'Loading…';
    try {
      await Promise.all([showParticipants(), showDays(), showFeedback(), showReads(), showRefused()]);
      $('status').textContent = `Updated at ${new Date().toLocaleTimeString()}.`;
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 403 || error.status === 410)) {
        signedOut(`That token cannot open the dashboard: ${error.message}`);
      } else {
        $('board-error').textContent = `Could not load the dashboard: ${error.message}`;
        $('status').textContent = '';
      }
    }
  }

  async function open() {
    try {
      await loadStudies();
    } catch (error) {
      const why = error instanceof HttpError ? error.message : `the collector did not answer (${error.message})`;
      signedOut(`That token cannot open the dashboard: ${why}`);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    $('board').hidden = false;
    $('sign-in-error').textContent = '';
    await Promise.all([refresh(), showExports()]);
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    $('token').value = '';
    if (token) void open();
  });
  $('study').addEventListener('change', () => void refresh());
  $('refresh').addEventListener('click', () => void loadStudies().then(refresh));
  $('forget').addEventListener('click', () => signedOut('The token was forgotten.'));

  if (token) void open();
})();
