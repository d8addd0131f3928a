// Switchboard dashboard (SPEC §5): plain browser JavaScript, no build step, no third-party code.
// It reads the server API of the node that serves it (same origin) with the token the user gives:
//   GET /api/stats every second  -> connection counts and message rates (differences of the counters);
//   GET /api/nodes every second  -> the nodes table;
//   GET /api/connections[/{id}]  -> the search; DELETE /api/connections/{id} -> the Close button.
'use strict';

(() => {
  const DIALECTS = [
    { id: 'sync', label: 'sync' },
    { id: 'push', label: 'push' },
    { id: 'socketio', label: 'socket.io' },
    { id: 'tapr', label: 'tapr' },
  ];
  const TOKEN_KEY = 'switchboard.apiToken';
  const POLL_MS = 1000;
  const WINDOW_MS = 120000;   // the charts show the last two minutes
  const PAGE_SIZE = 50;

  const $ = (selector) => document.querySelector(selector);
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  };

  const state = {
    token: null,
    timer: null,
    generation: 0,          // bumps on sign-in/out so late answers of an old session are ignored
    previous: null,         // the last /api/stats answer: {t, totals}
    samples: [],            // [{t, in: {dialect: rate}, out: {dialect: rate}}]
    cursor: null,           // `next` of the last connections page
    query: null,            // the search being paged
  };

  // ---- API calls -------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (failure) {
      throw new ApiError(0, 'NETWORK', 'the node did not answer (' + failure.message + ')');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (ignored) {
      body = null;
    }
    if (!response.ok) {
      const code = body && body.code ? body.code : 'HTTP_' + response.status;
      const message = body && body.message ? body.message : response.statusText;
      throw new ApiError(response.status, code, message);
    }
    return body;
  }

  // ---- Session ---------------------------------------------------------------------------------------------

  function showError(message) {
    const banner = $('#error');
    banner.textContent = message;
    banner.hidden = !message;
  }

  function toast(message) {
    const box = $('#toast');
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
  }

  function setState(name, status) {
    document.body.dataset.state = name;
    const signedIn = name === 'live' || name === 'offline';
    $('#login').hidden = signedIn;
    $('#session').hidden = !signedIn;
    $('#intro').hidden = signedIn;
    $('#content').hidden = !signedIn;
    if (status) $('#status').textContent = status;
  }

  function signIn(token) {
    state.token = token;
    state.generation++;
    state.previous = null;
    state.samples = [];
    sessionStorage.setItem(TOKEN_KEY, token);
    showError('');
    setState('connecting', 'connecting…');
    poll(state.generation, true);
  }

  function signOut(error) {
    state.generation++;
    clearTimeout(state.timer);
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    setState('signed-out');
    $('#connections tbody').replaceChildren();
    $('#more').hidden = true;
    $('#search-status').textContent = '';
    showError(error || '');
    const field = $('#token');
    field.value = '';
    field.focus();
  }

  /** Every call ends here on failure: a refused token signs out with a clear message, anything else is shown. */
  function handleFailure(failure, what) {
    if (failure.status === 401) {
      signOut('The API token was refused (HTTP 401 ' + failure.code + ': ' + failure.message + '). '
        + 'Enter the api.token of this cluster.');
      return true;
    }
    showError(what + ' failed: ' + (failure.status ? 'HTTP ' + failure.status + ' ' + failure.code + ': ' : '')
      + failure.message);
    return false;
  }

  // ---- Polling ---------------------------------------------------------------------------------------------

  async function poll(generation, first) {
    try {
      const [stats, nodes] = await Promise.all([api('GET', '/api/stats'), api('GET', '/api/nodes')]);
      if (generation !== state.generation) return;
      showError('');
      render(stats, nodes.items || []);
      setState('live', 'live · ' + new Date().toLocaleTimeString());
      if (first) search();
    } catch (failure) {
      if (generation !== state.generation) return;
      if (handleFailure(failure, 'Reading the cluster')) return;
      setState(first ? 'connecting' : 'offline', 'offline — retrying');
    }
    if (generation === state.generation) {
      state.timer = setTimeout(() => poll(generation, false), POLL_MS);
    }
  }

  function render(stats, nodes) {
    const totals = stats.totals || {};
    const connections = totals.connections || {};
    const messages = totals.messages || {};
    const t = Date.parse(stats.at) || Date.now();
    const previous = state.previous;
    const sample = { t, in: {}, out: {} };
    for (const { id } of DIALECTS) {
      for (const direction of ['in', 'out']) {
        const now = (messages[id] || {})[direction] || 0;
        const before = previous ? ((previous.messages[id] || {})[direction] || 0) : now;
        const seconds = previous ? (t - previous.t) / 1000 : 0;
        // Counters only grow; a drop means a node left the cluster, which is not negative traffic.
        sample[direction][id] = seconds > 0 ? Math.max(0, now - before) / seconds : 0;
      }
    }
    if (previous && t > previous.t) {
      state.samples.push(sample);
      state.samples = state.samples.filter((s) => s.t >= t - WINDOW_MS);
    }
    state.previous = { t, messages };
    renderTiles(connections, nodes.length, previous ? sample : null);
    renderLegend();
    drawChart($('#chart-in'), 'in');
    drawChart($('#chart-out'), 'out');
    renderNodes(nodes);
  }

  // ---- Tiles, legend, nodes --------------------------------------------------------------------------------

  const rate = (value) => (value >= 100 ? Math.round(value).toString() : value.toFixed(1));

  function renderTiles(connections, nodeCount, sample) {
    const tiles = $('#tiles');
    if (!tiles.children.length) {
      for (const { id, label } of DIALECTS) {
        tiles.append(el('div', { class: 'tile ' + id, 'data-dialect': id },
          el('h3', { text: label }),
          el('output', { class: 'count', 'data-testid': 'count-' + id, text: '0' }),
          el('p', { class: 'rates' },
            el('b', { 'data-testid': 'rate-in-' + id, text: '0.0' }), ' in · ',
            el('b', { 'data-testid': 'rate-out-' + id, text: '0.0' }), ' out msg/s')));
      }
      tiles.append(el('div', { class: 'tile total' },
        el('h3', { text: 'All dialects' }),
        el('output', { class: 'count', 'data-testid': 'count-total', text: '0' }),
        el('p', { class: 'rates' }, el('b', { 'data-testid': 'node-count', text: '0' }),
          el('span', { 'data-testid': 'node-noun', text: ' nodes' }))));
    }
    let total = 0;
    for (const { id } of DIALECTS) {
      const count = connections[id] || 0;
      total += count;
      tiles.querySelector('[data-testid="count-' + id + '"]').textContent = count.toLocaleString('en');
      if (sample) {
        tiles.querySelector('[data-testid="rate-in-' + id + '"]').textContent = rate(sample.in[id]);
        tiles.querySelector('[data-testid="rate-out-' + id + '"]').textContent = rate(sample.out[id]);
      }
    }
    tiles.querySelector('[data-testid="count-total"]').textContent = total.toLocaleString('en');
    tiles.querySelector('[data-testid="node-count"]').textContent = String(nodeCount);
    tiles.querySelector('[data-testid="node-noun"]').textContent = nodeCount === 1 ? ' node' : ' nodes';
  }

  function renderLegend() {
    const legend = $('#legend');
    if (legend.children.length) return;
    for (const { id, label } of DIALECTS) {
      legend.append(el('span', {}, el('i', { class: 'swatch ' + id }), label));
    }
  }

  function uptime(ms) {
    const s = Math.floor(ms / 1000);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return d + 'd ' + h + 'h';
    if (h > 0) return h + 'h ' + String(m).padStart(2, '0') + 'm';
    if (m > 0) return m + 'm ' + String(s % 60).padStart(2, '0') + 's';
    return (s % 60) + 's';
  }

  function renderNodes(nodes) {
    const body = $('#nodes tbody');
    const rows = nodes.map((node) => {
      const counts = node.connections || {};
      const total = DIALECTS.reduce((sum, { id }) => sum + (counts[id] || 0), 0);
      return el('tr', { 'data-node-id': node.id },
        el('td', { class: 'id', text: node.id }),
        el('td', { class: 'id', 'data-testid': 'node-address', text: node.address || '—' }),
        el('td', { title: node.startedAt ? 'started ' + node.startedAt : null, text: uptime(node.uptimeMs || 0) }),
        el('td', {}, el('span', { class: 'pill ' + (node.ready === false ? 'not-ready' : 'ready'),
          text: node.ready === false ? 'not ready' : 'ready' })),
        ...DIALECTS.map(({ id }) => el('td', { class: 'num', 'data-dialect': id, text: String(counts[id] || 0) })),
        el('td', { class: 'num', text: String(total) }));
    });
    if (!rows.length) rows.push(el('tr', {}, el('td', { class: 'empty', colspan: 9, text: 'No node answered.' })));
    body.replaceChildren(...rows);
    $('#node-count').textContent = nodes.length + (nodes.length === 1 ? ' node' : ' nodes');
    const select = $('#search-node');
    const known = Array.from(select.options).map((option) => option.value).filter(Boolean).join(',');
    if (known !== nodes.map((node) => node.id).join(',')) {
      const chosen = select.value;
      select.replaceChildren(el('option', { value: '', text: 'any' }),
        ...nodes.map((node) => el('option', { value: node.id, text: node.id })));
      select.value = nodes.some((node) => node.id === chosen) ? chosen : '';
    }
  }

  // ---- Charts ----------------------------------------------------------------------------------------------

  const colorOf = (id) => getComputedStyle(document.documentElement).getPropertyValue('--' + id).trim();

  /** A round step for four grid lines that reach at least {@code peak}: 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50… */
  function niceStep(peak) {
    const raw = Math.max(peak, 1) / 4;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (raw <= step * power) return step * power;
    }
    return 10 * power;
  }

  function drawChart(canvas, direction) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const samples = state.samples;
    const now = samples.length ? samples[samples.length - 1].t : Date.now();
    const peak = samples.reduce((max, s) => Math.max(max, ...DIALECTS.map(({ id }) => s[direction][id])), 0);
    const step = niceStep(peak);
    const top = step * 4;
    const left = 44;
    const right = 12;
    const upper = 12;
    const lower = 24;
    const plotWidth = width - left - right;
    const plotHeight = height - upper - lower;
    // The time axis grows with the data from 30 s up to the whole window, so a fresh page is not a flat line.
    const span = samples.length ? Math.min(WINDOW_MS, Math.max(30000, now - samples[0].t)) : 30000;
    const x = (t) => left + plotWidth * (1 - (now - t) / span);
    const y = (value) => upper + plotHeight * (1 - value / top);

    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#64748b';
    g.strokeStyle = '#e2e8f0';
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let i = 0; i <= 4; i++) {
      const value = step * i;
      const py = Math.round(y(value)) + 0.5;
      g.beginPath();
      g.moveTo(left, py);
      g.lineTo(width - right, py);
      g.stroke();
      g.fillText(Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2))), left - 8, py);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const tick = [5, 10, 15, 30].find((seconds) => span / 1000 / seconds <= 6) || 30;
    for (let secondsAgo = Math.floor(span / 1000 / tick) * tick; secondsAgo >= 0; secondsAgo -= tick) {
      const px = x(now - secondsAgo * 1000);
      g.fillText(secondsAgo === 0 ? 'now' : '−' + secondsAgo + 's', Math.min(Math.max(px, left + 12), width - right - 12),
        height - lower + 7);
    }

    let drawn = 0;
    if (samples.length) {
      g.save();
      g.beginPath();
      g.rect(left, upper - 2, plotWidth, plotHeight + 4);
      g.clip();
      g.lineWidth = 2;
      g.lineJoin = 'round';
      for (const { id } of DIALECTS) {
        if (!samples.some((s) => s[direction][id] > 0)) continue;
        const color = colorOf(id);
        g.beginPath();
        samples.forEach((s, i) => {
          const px = x(s.t);
          const py = y(s[direction][id]);
          if (i === 0) g.moveTo(px, py); else g.lineTo(px, py);
        });
        g.strokeStyle = color;
        g.stroke();
        // A faint area under the line; the line itself stays the only full-colour mark.
        g.lineTo(x(samples[samples.length - 1].t), y(0));
        g.lineTo(x(samples[0].t), y(0));
        g.closePath();
        g.globalAlpha = 0.07;
        g.fillStyle = color;
        g.fill();
        g.globalAlpha = 1;
        drawn++;
      }
      g.restore();
    }
    if (!drawn) {
      g.fillStyle = '#94a3b8';
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText(samples.length ? 'no messages' : 'collecting…', left + plotWidth / 2, upper + plotHeight / 2);
    }
    // For tests and the curious: what the chart holds.
    canvas.dataset.samples = String(samples.length);
    canvas.dataset.peak = peak.toFixed(2);
  }

  // ---- Connections -----------------------------------------------------------------------------------------

  function ago(iso) {
    const ms = Date.now() - Date.parse(iso);
    if (!isFinite(ms)) return iso || '—';
    return uptime(Math.max(0, ms)) + ' ago';
  }

  function connectionRow(item) {
    const label = (DIALECTS.find((d) => d.id === item.dialect) || { label: item.dialect }).label;
    const details = [
      item.namespace ? 'namespace ' + item.namespace : null,
      item.session ? 'session ' + item.session : null,
      item.service ? 'service ' + item.service : null,
    ].filter(Boolean).join(', ');
    const close = el('button', { type: 'button', class: 'danger', 'data-action': 'close', text: 'Close' });
    close.addEventListener('click', () => closeConnection(item, close));
    return el('tr', { 'data-conn-id': item.id, 'data-dialect': item.dialect },
      el('td', { class: 'id', text: item.id }),
      el('td', {}, el('span', { class: 'dialect ' + item.dialect, text: label })),
      el('td', { class: 'id', text: item.node || '—' }),
      el('td', { 'data-field': 'user', text: item.user || '—' }),
      el('td', { text: details || '—' }),
      el('td', { class: 'id', text: item.remoteAddress || '—' }),
      el('td', { class: 'agent', title: item.userAgent || null, text: item.userAgent || '—' }),
      el('td', { title: item.connectedAt || null, text: ago(item.connectedAt) }),
      el('td', {}, close));
  }

  function showConnections(items, append, status) {
    const body = $('#connections tbody');
    const rows = items.map(connectionRow);
    if (append) {
      body.append(...rows);
    } else if (rows.length) {
      body.replaceChildren(...rows);
    } else {
      body.replaceChildren(el('tr', {}, el('td', { class: 'empty', colspan: 9, text: 'No connection matches.' })));
    }
    $('#search-status').textContent = status;
    const table = $('#connections');
    table.dataset.loads = String(Number(table.dataset.loads) + 1);
  }

  async function search(append) {
    const generation = state.generation;
    const id = $('#search-id').value.trim();
    try {
      if (id && !append) {
        state.cursor = null;
        $('#more').hidden = true;
        try {
          const item = await api('GET', '/api/connections/' + encodeURIComponent(id));
          if (generation === state.generation) showConnections([item], false, 'connection ' + id);
        } catch (failure) {
          if (failure.status !== 404) throw failure;
          if (generation === state.generation) showConnections([], false, 'no open connection has the id ' + id);
        }
        return;
      }
      if (!append) {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
        for (const name of ['user', 'dialect', 'node']) {
          const value = $('#search-' + name).value.trim();
          if (value) query.set(name, value);
        }
        state.query = query;
      }
      const query = new URLSearchParams(state.query);
      if (append && state.cursor) query.set('cursor', state.cursor);
      const page = await api('GET', '/api/connections?' + query);
      if (generation !== state.generation) return;
      state.cursor = page.next;
      $('#more').hidden = !page.next;
      const shown = (append ? $('#connections tbody').querySelectorAll('tr[data-conn-id]').length : 0) + page.items.length;
      showConnections(page.items, append, shown + (page.next ? '+' : '') + (shown === 1 ? ' connection' : ' connections'));
    } catch (failure) {
      if (generation === state.generation) handleFailure(failure, 'The search');
    }
  }

  async function closeConnection(item, button) {
    const who = item.user ? ', user ' + item.user : '';
    if (!window.confirm('Close connection ' + item.id + ' (' + item.dialect + who + ')?')) return;
    button.disabled = true;
    const row = button.closest('tr');
    try {
      await api('DELETE', '/api/connections/' + encodeURIComponent(item.id));
      row.remove();
      toast('Closed connection ' + item.id);
    } catch (failure) {
      if (failure.status === 404) {
        row.remove();
        toast('Connection ' + item.id + ' was already gone');
      } else {
        button.disabled = false;
        handleFailure(failure, 'Closing ' + item.id);
      }
    }
  }

  // ---- Start -----------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('#login').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('#token').value.trim();
      if (!token) {
        showError('Enter the API token (api.token).');
        return;
      }
      signIn(token);
    });
    $('#signout').addEventListener('click', () => signOut());
    $('#search').addEventListener('submit', (event) => {
      event.preventDefault();
      search(false);
    });
    $('#search').addEventListener('reset', () => setTimeout(() => search(false), 0));
    $('#more').addEventListener('click', () => search(true));
    window.addEventListener('resize', () => {
      drawChart($('#chart-in'), 'in');
      drawChart($('#chart-out'), 'out');
    });

    // ?token=... signs in and is then dropped from the address bar (and so from history and bookmarks).
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get('token');
    if (fromUrl !== null) {
      url.searchParams.delete('token');
      window.history.replaceState(null, '', url.pathname + (url.search || '') + url.hash);
    }
    const token = (fromUrl || '').trim() || sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      signIn(token);
    } else {
      setState('signed-out');
      $('#token').focus();
    }
  });
})();
