// placewatch reviewer UI: keyboard shortcuts, actions without reload, live updates over SSE.
// Data from the server is put into the page with textContent, never as HTML. The one exception is
// the queue's rows and their expansions, which the server renders and escapes with the same function
// as the page itself.
'use strict';

(function () {
  const page = document.body.dataset.page;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';
  const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
  const ACTION_PATHS = {
    acknowledge: 'acknowledge',
    escalate: 'escalate',
    resolve: 'resolve',
    false_positive: 'false-positive',
    reopen: 'reopen',
    claim: 'claim',
  };
  const KEY_ACTIONS = { a: 'acknowledge', e: 'escalate', r: 'resolve', f: 'false_positive' };
  // Mirrors src/alerts/triage-transitions.ts: which statuses each action applies to.
  const APPLIES = {
    acknowledge: ['new', 'escalated'],
    escalate: ['new', 'acknowledged'],
    resolve: ['new', 'acknowledged', 'escalated'],
    false_positive: ['new', 'acknowledged', 'escalated'],
    reopen: ['resolved', 'false_positive'],
  };

  /** Same neutralisation as the server: bidi controls become visible markers. */
  function clean(text) {
    return String(text ?? '').replace(BIDI, (c) => '[U+' + c.codePointAt(0).toString(16).toUpperCase() + ']');
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') node.textContent = clean(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function timeAgo(iso) {
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 60) return s + 's ago';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ago';
    const h = Math.floor(m / 60);
    return h < 48 ? h + ' h ago' : Math.floor(h / 24) + ' d ago';
  }

  /** "2026-11-30 12:57 UTC", as the server writes it (src/api/ui/time-text.ts isoMinute). */
  function isoMinute(iso) {
    return new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  /** As src/api/ui/labels.ts eventLabel: the analyzer's old `escalated` rows read as a severity raise. */
  function eventLabel(e) {
    const automaticRaise = e.action === 'escalated' && e.actor === 'analyzer' && e.from_status === e.to_status;
    return automaticRaise || e.action === 'severity_raised' ? 'severity raised' : e.action.replace(/_/g, ' ');
  }

  function refreshTimes() {
    for (const t of document.querySelectorAll('time[data-ago]')) t.textContent = timeAgo(t.getAttribute('datetime'));
  }
  setInterval(refreshTimes, 30000);

  function status(text) {
    const node = document.getElementById('live-status');
    if (node) node.textContent = text;
  }

  /** A signed-out session goes to the login page instead of showing an error. */
  function requireSignedIn(response) {
    if (response.status !== 401) return;
    window.location.assign('/login');
    throw new Error('signed out');
  }

  async function api(method, url, body) {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: Object.assign({ accept: 'application/json' }, body ? { 'content-type': 'application/json', 'x-csrf-token': csrf } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    requireSignedIn(response);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((data.error && data.error.message) || 'request failed (' + response.status + ')');
    return data;
  }

  /** Markup rendered and escaped by the server (src/api/ui/pages/queue-page.ts, queue-preview.ts), as a detached fragment. */
  async function serverFragment(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    requireSignedIn(response);
    if (!response.ok) throw new Error('request failed (' + response.status + ')');
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    return template.content;
  }

  async function serverRows(url) {
    return Array.from((await serverFragment(url)).querySelectorAll('tr'));
  }

  // ---- queue -------------------------------------------------------------------------------
  const table = document.getElementById('queue');
  let selectedId = null;

  /** The alert rows (an expanded row's preview is a row of its own, without data-id). */
  function rows() {
    return table ? Array.from(table.tBodies[0].rows).filter((r) => r.dataset.id) : [];
  }

  // ---- rows expanded in place (o / Enter): the top posts, why, spans, without leaving the queue ----
  const expanded = new Map(); // alert id -> its preview fragment, kept across live refreshes

  function previewRowOf(row) {
    const next = row.nextElementSibling;
    return next && next.classList.contains('preview') ? next : null;
  }

  function showPreview(row, fragment) {
    previewRowOf(row)?.remove();
    const cell = el('td', { colspan: row.cells.length });
    cell.append(fragment.cloneNode(true));
    row.after(el('tr', { class: 'preview', 'data-preview-for': row.dataset.id }, [cell]));
    row.classList.add('expanded');
    row.querySelector('button.expand')?.setAttribute('aria-expanded', 'true');
  }

  async function toggleExpand(row) {
    const id = row.dataset.id;
    const open = previewRowOf(row);
    if (open) {
      open.remove();
      expanded.delete(id);
      row.classList.remove('expanded');
      row.querySelector('button.expand')?.setAttribute('aria-expanded', 'false');
      return;
    }
    try {
      const fragment = await serverFragment('/alerts/' + encodeURIComponent(id) + '/preview');
      expanded.set(id, fragment);
      const current = rows().find((r) => r.dataset.id === id);
      if (current) showPreview(current, fragment);
    } catch (error) {
      status('could not show alert ' + id + ': ' + clean(error.message));
    }
  }

  table?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.expand') : null;
    if (!button) return;
    const row = button.closest('tr');
    select(row);
    toggleExpand(row);
  });

  function select(row) {
    for (const r of rows()) r.classList.toggle('selected', r === row);
    if (!row) return;
    selectedId = row.dataset.id;
    row.scrollIntoView({ block: 'nearest' });
    row.querySelector('a')?.focus({ preventScroll: true });
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.findIndex((r) => r.dataset.id === selectedId);
    select(all[Math.min(all.length - 1, Math.max(0, index < 0 ? 0 : index + step))]);
  }

  let refreshTimer = null;
  let fresh = new Set();
  function scheduleQueueRefresh(changedId) {
    if (changedId) fresh.add(changedId);
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshQueue, 250);
  }

  async function refreshQueue() {
    if (!table) return;
    const query = table.dataset.apiQuery || '';
    try {
      const [latest, counts] = await Promise.all([serverRows('/alerts/rows?' + query), api('GET', '/api/alerts/counts?' + query)]);
      const checked = new Set(
        rows()
          .filter((r) => r.querySelector('input:checked'))
          .map((r) => r.dataset.id),
      );
      for (const row of latest) {
        const box = row.querySelector('input[type="checkbox"]');
        if (box && checked.has(row.dataset.id)) box.checked = true;
        if (fresh.has(row.dataset.id)) row.classList.add('fresh');
      }
      table.tBodies[0].replaceChildren(...latest);
      for (const row of latest) if (expanded.has(row.dataset.id)) showPreview(row, expanded.get(row.dataset.id));
      fresh = new Set();
      document.getElementById('queue-empty')?.toggleAttribute('hidden', latest.length > 0);
      for (const span of document.querySelectorAll('[data-count-for]')) {
        const n = span.dataset.countFor.split(',').reduce((sum, s) => sum + (counts.counts[s] || 0), 0);
        span.textContent = String(n);
      }
      const again = rows().find((r) => r.dataset.id === selectedId);
      if (again) again.classList.add('selected');
      status('live · updated ' + isoMinute(new Date().toISOString()));
    } catch (error) {
      status('refresh failed: ' + clean(error.message));
    }
  }

  // ---- detail ------------------------------------------------------------------------------
  const alertId = document.body.dataset.alertId;

  async function refreshDetail() {
    if (!alertId) return;
    try {
      const detail = await api('GET', '/api/alerts/' + encodeURIComponent(alertId));
      const statusNode = document.querySelector('[data-field="status"]');
      if (statusNode) {
        statusNode.textContent = detail.alert.status.replace('_', ' ');
        statusNode.className = 'status st-' + detail.alert.status;
      }
      for (const button of document.querySelectorAll('#action-form button[data-action]')) {
        const applies = APPLIES[button.dataset.action];
        button.hidden = applies ? !applies.includes(detail.alert.status) : false;
      }
      const assignee = document.querySelector('[data-field="assignee"]');
      if (assignee) assignee.replaceChildren(el('bdi', { text: detail.alert.assignee || 'nobody' }));
      const last = document.querySelector('[data-field="last-action"]');
      if (last && detail.last_action_at)
        last.replaceChildren(
          el('time', { datetime: detail.last_action_at, title: isoMinute(detail.last_action_at), 'data-ago': '', text: timeAgo(detail.last_action_at) }),
        );
      // Newest first, as the page renders it (src/api/ui/pages/detail-page.ts).
      const trail = document.getElementById('trail');
      if (trail) {
        const word = (s) => s.replace('_', ' ');
        trail.replaceChildren(
          ...detail.events
            .slice()
            .reverse()
            .map((e) =>
              el('li', {}, [
                el('time', { datetime: e.created_at, text: isoMinute(e.created_at) }),
                ' ',
                el('bdi', { class: 'actor', text: e.actor }),
                ' ',
                el('span', { class: 'trail-action', 'data-action': e.action, text: eventLabel(e) }),
                e.to_status && e.to_status !== e.from_status
                  ? el('span', { class: 'muted', text: ' ' + (e.from_status ? word(e.from_status) + ' → ' : '') + word(e.to_status) })
                  : null,
                e.note ? el('p', { class: 'trail-note', dir: 'auto', text: e.note }) : null,
              ]),
            ),
        );
        const count = document.querySelector('.trail h2 .count');
        if (count) count.textContent = '(' + detail.events.length + ')';
      }
      status('live · updated ' + isoMinute(new Date().toISOString()));
    } catch (error) {
      status('refresh failed: ' + clean(error.message));
    }
  }

  /** Runs an action; true when the server took it (a note sent with it is then saved, once). */
  async function act(id, action, note) {
    if (!id) return false;
    try {
      if (action === 'note') await api('POST', '/api/alerts/' + encodeURIComponent(id) + '/notes', { note });
      else await api('POST', '/api/alerts/' + encodeURIComponent(id) + '/' + ACTION_PATHS[action], note ? { note } : {});
    } catch (error) {
      status(action.replace('_', ' ') + ' failed: ' + clean(error.message));
      return false;
    }
    status(action.replace('_', ' ') + ': done');
    if (page === 'queue') await refreshQueue();
    else await refreshDetail();
    return true;
  }

  /** Sends the note box's text with the action and empties the box once it is saved, so it is never saved twice. */
  async function actWithNote(action) {
    const noteField = document.getElementById('note');
    const note = noteField ? noteField.value.trim() : '';
    if (await act(alertId, action, note || undefined)) {
      if (noteField && noteField.value.trim() === note) noteField.value = '';
    }
  }

  // Buttons on the detail page go through the API too, so the page stays where it is.
  document.getElementById('action-form')?.addEventListener('submit', (event) => {
    const button = event.submitter;
    if (!button || !button.dataset.action) return;
    event.preventDefault();
    const noteField = document.getElementById('note');
    if (button.dataset.action === 'note' && !noteField.value.trim()) {
      noteField.focus();
      return;
    }
    actWithNote(button.dataset.action);
  });

  // ---- keyboard ----------------------------------------------------------------------------
  const help = document.getElementById('help');
  function toggleHelp(force) {
    if (!help) return;
    help.hidden = force === undefined ? !help.hidden : !force;
    if (!help.hidden) help.querySelector('button')?.focus();
  }
  for (const button of document.querySelectorAll('[data-help-toggle]')) button.addEventListener('click', () => toggleHelp());

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    const key = event.key;
    if (key === '?') return void (event.preventDefault(), toggleHelp());
    if (key === 'Escape') return void toggleHelp(false);
    if (page === 'queue') {
      // Enter on a link inside an expanded row follows it.
      if (key === 'Enter' && target instanceof HTMLElement && target.closest('.row-preview a')) return;
      if (key === 'j') return void (event.preventDefault(), move(1));
      if (key === 'k') return void (event.preventDefault(), move(-1));
      const selectedRow = rows().find((r) => r.dataset.id === selectedId);
      if ((key === 'o' || key === 'Enter') && selectedRow) return void (event.preventDefault(), toggleExpand(selectedRow));
      if (key === 'O' && selectedId) return void (event.preventDefault(), window.location.assign('/alerts/' + encodeURIComponent(selectedId)));
      if (key === 'n' && selectedId) return void window.location.assign('/alerts/' + encodeURIComponent(selectedId) + '#note');
      if (KEY_ACTIONS[key] && selectedId) return void (event.preventDefault(), act(selectedId, KEY_ACTIONS[key]));
    }
    if (page === 'detail') {
      if (key === 'u') return void window.location.assign('/alerts');
      if (key === 'n') return void (event.preventDefault(), document.getElementById('note')?.focus());
      if (KEY_ACTIONS[key]) {
        event.preventDefault();
        return void actWithNote(KEY_ACTIONS[key]);
      }
    }
  });

  if (page === 'detail' && window.location.hash === '#note') document.getElementById('note')?.focus();

  // ---- live updates ------------------------------------------------------------------------
  if ((page === 'queue' || page === 'detail') && 'EventSource' in window) {
    const source = new EventSource('/api/stream');
    source.addEventListener('open', () => status('live'));
    source.addEventListener('alert', (event) => {
      const alert = JSON.parse(event.data);
      if (page === 'queue') scheduleQueueRefresh(alert.id);
      else if (alert.id === alertId) refreshDetail();
    });
    source.addEventListener('silence', () => page === 'queue' && scheduleQueueRefresh());
    source.addEventListener('error', () => {
      status('reconnecting…');
      if (source.readyState === EventSource.CLOSED) api('GET', '/api/auth/me').catch(() => undefined);
    });
  }
})();
