// The Sluice web console: plain JavaScript over the REST API under /db/NAME/datapump.
// Credentials live in this tab only (sessionStorage); every request carries them as HTTP Basic.

const view = document.getElementById('view');
const notice = document.getElementById('notice');
const whoLabel = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');

/** Who is signed in, to which database: kept for this tab only. */
const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem('sluice.session') ?? 'null');
    } catch {
      return null;
    }
  },
  set(value) {
    sessionStorage.setItem('sluice.session', JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem('sluice.session');
  },
};

/** The server's database and directory names (never URLs or paths), for the forms' choices. */
let serverConfig = { databases: [], directories: [] };

// ---------------------------------------------------------------------------------------------
// HTTP

class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    /** The request field a 400 names, when it names one. */
    this.field = field;
  }
}

function base() {
  return `/db/${encodeURIComponent(session.get().database)}/datapump`;
}

/** Sent with every call: says the console asks (no browser sign-in dialog wanted on a 401). */
const CONSOLE_HEADER = { 'X-Requested-With': 'sluice-console' };

function authHeader(s = session.get()) {
  // btoa takes Latin-1 only: encode the UTF-8 bytes of user:password first.
  const bytes = new TextEncoder().encode(`${s.user}:${s.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** One API call; a problem+json answer becomes an ApiError with its detail. */
async function api(method, path, body, s = session.get()) {
  const headers = { ...CONSOLE_HEADER, Authorization: authHeader(s), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path.startsWith('/') ? path : `${base()}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = response.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await response.json().catch(() => ({})) : await response.text();
  if (!response.ok) {
    const detail = typeof payload === 'object' ? payload.detail ?? payload.title ?? payload.message : payload;
    if (response.status === 401) throw new ApiError(401, 'Wrong user name or password, or the sign-in has expired. Sign in again.');
    throw new ApiError(response.status, detail || `${response.status} ${response.statusText}`, typeof payload === 'object' ? payload.field : undefined);
  }
  return payload;
}

/** Follow a Server-Sent Events stream with the credentials (EventSource cannot send them). */
async function followEvents(path, onEvent, signal) {
  const response = await fetch(`${base()}/${path}`, { headers: { ...CONSOLE_HEADER, Authorization: authHeader(), Accept: 'text/event-stream' }, signal });
  if (!response.ok || response.body === null) throw new ApiError(response.status, `The status stream answered ${response.status}.`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut;
    while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + (buffer[cut] === '\r' ? 4 : 2));
      let event = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) {
        let parsed;
        try {
          parsed = JSON.parse(data.join('\n'));
        } catch {
          parsed = data.join('\n');
        }
        onEvent(event, parsed);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the API answers, read tolerantly (ORDS's snake_case names)

const pick = (o, ...names) => {
  for (const n of names) if (o != null && o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
};

function jobOf(raw) {
  const status = pick(raw, 'job_status', 'jobStatus') ?? {};
  const from = (...names) => pick(raw, ...names) ?? pick(status, ...names);
  return {
    owner: from('owner_name', 'owner') ?? '',
    name: from('job_name', 'jobName', 'name') ?? '',
    operation: from('operation') ?? '',
    mode: from('job_mode', 'mode') ?? '',
    state: from('state') ?? 'UNDEFINED',
    degree: Number(from('degree') ?? 1),
    percent: Number(from('percent_done', 'percentDone') ?? 0),
    rows: Number(from('rows', 'rows_processed', 'rowsProcessed', 'completed_rows') ?? 0),
    bytes: Number(from('bytes', 'bytes_processed', 'bytesProcessed', 'completed_bytes') ?? 0),
    errors: Number(from('errors', 'error_count', 'errorCount') ?? 0),
    phase: from('phase') ?? '',
    workers: (from('workers', 'worker_status_list', 'workerStatusList') ?? []).map((w) => ({
      number: pick(w, 'worker_number', 'workerNumber', 'number'),
      state: pick(w, 'state') ?? '',
      // The API says `TABLE_DATA "hr"."emp"`; the engine's names are read too.
      object: pick(w, 'object') ?? objectText(pick(w, 'object_type', 'objectType'), pick(w, 'object_schema', 'objectSchema'), pick(w, 'object_name', 'objectName')),
      percent: pick(w, 'percent_done', 'percentDone'),
      rows: pick(w, 'rows', 'completed_rows', 'completedRows'),
    })),
    links: pick(raw, 'links') ?? [],
    files: from('files') ?? [],
  };
}

function objectText(type, schema, name) {
  if (name === undefined) return '';
  return `${String(type ?? '').split('/').pop()} ${schema === undefined ? '' : `"${schema}".`}"${name}"`.trim();
}

const END_STATES = new Set(['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED']);

function formatBytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Estimated time left from how fast percent done moved over the last half minute. */
class Eta {
  #samples = [];
  add(percent) {
    const now = Date.now();
    this.#samples.push({ t: now, p: percent });
    while (this.#samples.length > 2 && now - this.#samples[0].t > 30_000) this.#samples.shift();
  }
  text(percent, state) {
    if (END_STATES.has(state)) return '';
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (first === undefined || last.t === first.t || last.p <= first.p) return 'ETA: estimating';
    const rate = (last.p - first.p) / ((last.t - first.t) / 1000);
    return `ETA: ${formatDuration((100 - percent) / rate)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Views

function show(message, ok = false) {
  notice.textContent = message;
  notice.className = ok ? 'ok' : '';
  notice.hidden = message === '';
}

/** Show a template in a new container; a view's late callbacks then touch only its own, detached, nodes. */
function render(templateId) {
  const container = document.createElement('div');
  container.append(document.getElementById(templateId).content.cloneNode(true));
  view.replaceChildren(container);
  return container;
}

/** A message for the next view (shown after the page changes, which clears the last one). */
let noticeAfterRoute = '';

/** What the current view must stop when another opens (timers, streams). */
let leave = () => {};

function fillChoices(select, input, names) {
  if (names.length === 0) {
    select.hidden = true;
    select.required = false;
    select.disabled = true;
    input.hidden = false;
    input.required = true;
    return;
  }
  select.replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
}

function signInView() {
  const root = render('sign-in-view');
  const form = root.querySelector('#sign-in');
  fillChoices(form.database, form['database-name'], serverConfig.databases);
  form.user.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = { database: serverConfig.databases.length > 0 ? form.database.value : form['database-name'].value.trim(), user: form.user.value.trim(), password: form.password.value };
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await api('GET', `/db/${encodeURIComponent(candidate.database)}/datapump/jobs/?limit=1`, undefined, candidate);
      session.set(candidate);
      show('');
      location.hash = '#/jobs';
      route();
    } catch (error) {
      show(error.message);
    } finally {
      button.disabled = false;
    }
  });
}

function jobPath(job) {
  return `jobs/${encodeURIComponent(job.owner)},${encodeURIComponent(job.name)}/`;
}

function jobsView() {
  const root = render('jobs-view');
  root.querySelector('.database').textContent = session.get().database;
  const body = root.querySelector('tbody');
  const empty = root.querySelector('.empty');
  let timer;
  let stopped = false;
  const load = async () => {
    try {
      const page = await api('GET', 'jobs/?limit=100');
      const jobs = (page.items ?? []).map(jobOf);
      empty.hidden = jobs.length > 0;
      body.replaceChildren(
        ...jobs.map((job) => {
          const row = document.createElement('tr');
          row.dataset.job = `${job.owner},${job.name}`;
          const cells = [`${job.owner}.${job.name}`, job.operation, job.mode, job.state, `${Math.floor(job.percent)}%`, String(job.degree)];
          for (const text of cells) row.append(Object.assign(document.createElement('td'), { textContent: text }));
          const done = row.children[4];
          done.prepend(Object.assign(document.createElement('progress'), { className: 'mini', max: 100, value: job.percent }));
          row.children[3].className = `state ${job.state}`;
          const link = Object.assign(document.createElement('a'), { href: `#/job/${encodeURIComponent(job.owner)},${encodeURIComponent(job.name)}`, textContent: row.children[0].textContent });
          row.children[0].replaceChildren(link);
          row.addEventListener('click', () => (location.hash = link.getAttribute('href')));
          return row;
        }),
      );
    } catch (error) {
      if (error.status === 401) return signOut(error.message);
      show(error.message);
    }
    if (!stopped) timer = setTimeout(load, 3000);
  };
  load();
  leave = () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function jobView(owner, name) {
  const root = render('job-view');
  const job = { owner, name };
  const path = jobPath(job);
  root.querySelector('.job-name').textContent = `${owner}.${name}`;
  const $ = (selector) => root.querySelector(selector);
  const eta = new Eta();
  let current;
  let logUrl;
  const controller = new AbortController();
  let poll;

  const paint = (raw) => {
    const j = jobOf(raw);
    current = j;
    eta.add(j.percent);
    $('.state').textContent = j.state;
    $('.state').className = `state badge ${j.state}`;
    $('.fill').style.width = `${Math.min(100, j.percent)}%`;
    $('.percent').textContent = `${Math.floor(j.percent)}%`;
    $('.rows').textContent = j.rows.toLocaleString();
    $('.bytes').textContent = formatBytes(j.bytes);
    $('.errors').textContent = String(j.errors);
    const etaText = eta.text(j.percent, j.state);
    $('.eta').textContent = etaText === '' ? '' : ` · ${etaText}`;
    // The phase when it says more than the state does.
    $('.phase').textContent = j.phase === j.state ? '' : j.phase;
    const degree = $('input[name=degree]');
    if (document.activeElement !== degree) degree.value = String(j.degree || 1);
    // A job at rest has no workers; their last objects would only mislead.
    const atRest = END_STATES.has(j.state) || j.state === 'IDLING';
    $('.workers').replaceChildren(
      ...(atRest ? [] : j.workers).map((w) => {
        const what = w.object;
        // A worker's percent is of its current item; 0 while rows stream says nothing.
        const pct = w.percent === undefined || Number(w.percent) <= 0 ? '' : ` ${Math.floor(Number(w.percent))}%`;
        const rows = w.rows === undefined ? '' : ` ${Number(w.rows).toLocaleString()} rows`;
        return Object.assign(document.createElement('li'), { textContent: `Worker ${w.number}: ${w.state}${what ? ` · ${what}` : ''}${pct}${rows}` });
      }),
    );
    const running = !END_STATES.has(j.state) && j.state !== 'IDLING';
    $('[data-action=stop]').disabled = !running;
    $('[data-action=stop-immediate]').disabled = !running;
    $('[data-action=start]').disabled = running || j.state === 'COMPLETED';
    $('[data-action=parallel]').disabled = !running && j.state !== 'IDLING';
    const log = (raw.links ?? []).find((l) => /log/i.test(l.rel ?? '') || /\.log$/i.test(l.href ?? ''));
    if (log !== undefined) logUrl = log.href;
  };

  const loadJob = async () => {
    const raw = await api('GET', path);
    paint(raw);
    return raw;
  };

  const loadLog = async () => {
    const url = logUrl ?? (current === undefined ? undefined : `${path}${current.operation === 'IMPORT' ? 'import' : 'export'}.log`);
    if (url === undefined) return;
    try {
      const response = await fetch(url.startsWith('/') || url.startsWith('http') ? url : `${base()}/${url}`, { headers: { ...CONSOLE_HEADER, Authorization: authHeader(), Accept: 'text/plain' } });
      if (!response.ok) throw new ApiError(response.status, response.status === 404 ? 'No log file for this job (yet).' : `The log answered ${response.status}.`);
      const pre = $('.log');
      const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.textContent = (await response.text()) || '(the log is empty)';
      if (atEnd) pre.scrollTop = pre.scrollHeight;
    } catch (error) {
      $('.log').textContent = error.message;
    }
  };

  // New log lines: read the log file again, at most once a second.
  let logTimer;
  const logSoon = () => {
    logTimer ??= setTimeout(() => {
      logTimer = undefined;
      loadLog();
    }, 1000);
  };

  // Live status: the SSE stream (status, log, end); when it ends or fails, poll until the job is at rest.
  const follow = async () => {
    try {
      await followEvents(
        `${path}status`,
        (event, data) => {
          if ((event === 'status' || event === 'end') && data !== null && typeof data === 'object') paint(data);
          if (event === 'error' && data !== null && typeof data === 'object') show(data.detail ?? 'The status stream failed.');
          if (event === 'log' || event === 'end') logSoon();
        },
        controller.signal,
      );
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    if (controller.signal.aborted) return;
    await loadJob().catch(() => undefined);
    loadLog();
    if (current !== undefined && !END_STATES.has(current.state)) poll = setTimeout(follow, 2000);
  };

  const act = async (button, method, suffix, body, done, reload = true, onError = () => {}) => {
    button.disabled = true;
    try {
      await api(method, `${path}${suffix}`, body);
      show(done, true);
      if (!reload) return true;
      await loadJob();
      clearTimeout(poll);
      if (!END_STATES.has(current.state)) follow();
      return true;
    } catch (error) {
      show(error.message);
      onError(error);
      return false;
    } finally {
      button.disabled = false;
    }
  };

  root.querySelector('.actions').addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (button === null) return;
    switch (button.dataset.action) {
      case 'stop':
        return act(button, 'POST', 'stop', { immediate: false, keep_master: true }, `Stopping ${name}: the workers finish what they are doing.`);
      case 'stop-immediate':
        return act(button, 'POST', 'stop', { immediate: true, keep_master: true }, `Stopping ${name} now.`);
      case 'start': {
        // An encrypted job needs its password again: the field appears when the service asks for it.
        const password = $('input[name=restart_password]');
        const body = password.value === '' ? {} : { encryption_password: password.value };
        return act(button, 'POST', 'start', body, `Restarted ${name}.`, true, (error) => {
          if (/encryption/.test(error.field ?? '') || /password/i.test(error.message)) {
            $('.restart-password').hidden = false;
            password.focus();
          }
        }).then((ok) => {
          if (ok) password.value = '';
        });
      }
      case 'parallel': {
        const degree = Number($('input[name=degree]').value);
        return act(button, 'POST', 'parallel', { threads: degree }, `${name} now runs with ${degree} worker${degree === 1 ? '' : 's'}.`);
      }
      case 'kill':
        if (!confirm(`Kill ${name}? Its master table is dropped, and it cannot be restarted.`)) return;
        return act(button, 'POST', 'kill', {}, '', false).then((ok) => {
          if (!ok) return;
          noticeAfterRoute = `Killed ${name}.`;
          location.hash = '#/jobs';
        });
    }
  });
  root.querySelector('[data-action=log]').addEventListener('click', loadLog);

  loadJob()
    .then(() => {
      loadLog();
      if (!END_STATES.has(current.state)) follow();
    })
    .catch((error) => (error.status === 401 ? signOut(error.message) : show(error.message)));
  leave = () => {
    controller.abort();
    clearTimeout(poll);
    clearTimeout(logTimer);
  };
}

/** `hr, sales` → `['hr', 'sales']`. */
function names(text) {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `hr, sales` → `IN ('hr','sales')`: the engine's predicate language, never SQL. */
function inList(text) {
  const list = names(text);
  return list.length === 0 ? undefined : `IN (${list.map((n) => `'${n.replace(/'/g, "''")}'`).join(',')})`;
}

function newJobView(operation) {
  const root = render('new-job-view');
  const form = root.querySelector('#new-job');
  root.querySelector('.title').textContent = operation === 'export' ? 'New export' : 'New import';
  for (const el of form.querySelectorAll('.import-only')) el.hidden = operation !== 'import';
  for (const el of form.querySelectorAll('.export-only')) el.hidden = operation !== 'export';
  fillChoices(form.datapump_dir, form.datapump_dir_name, serverConfig.directories);
  if (operation === 'import') form.job_mode.value = 'FULL';
  const sync = () => {
    const mode = form.job_mode.value;
    form.querySelector('.schemas').hidden = mode === 'FULL';
    form.querySelector('.tables').hidden = mode !== 'TABLE';
    form.querySelector('.tablespaces').hidden = mode !== 'TABLESPACE';
    form.querySelector('.exclude').hidden = mode === 'TABLE';
  };
  form.job_mode.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const mode = form.job_mode.value;
    const body = {
      job_mode: mode,
      datapump_dir: serverConfig.directories.length > 0 ? form.datapump_dir.value : form.datapump_dir_name.value.trim(),
      file_name: form.file_name.value.trim(),
      threads: Number(form.threads.value) || 1,
    };
    // SCHEMA mode: the schemas; TABLE mode: schema.table names (the one schema given is theirs);
    // TABLESPACE mode: the tablespaces, the schemas (if any) narrowing where their tables are looked for.
    const schemas = names(form.schemas.value);
    if (mode === 'SCHEMA' && schemas.length > 0) body.filter = schemas.join(',');
    if (mode === 'TABLESPACE') {
      const tablespaces = names(form.tablespaces.value);
      if (tablespaces.length > 0) body.filter = tablespaces.join(',');
      const inSchemas = inList(form.schemas.value);
      if (inSchemas !== undefined) body.schema_expressions = [{ expression: inSchemas }];
    }
    if (mode === 'TABLE') {
      const tables = names(form.tables.value).map((t) => (t.includes('.') || schemas.length !== 1 ? t : `${schemas[0]}.${t}`));
      if (tables.length > 0) body.filter = tables.join(',');
    }
    const excluded = mode !== 'TABLE' ? inList(form.exclude_tables.value) : undefined;
    if (excluded !== undefined) body.name_expressions = [{ expression: `NOT ${excluded}` }];
    if (operation === 'export' && form.query.value.trim() !== '') body.query = [{ clause: form.query.value.trim() }];
    if (form.job_name.value.trim() !== '') body.job_name = form.job_name.value.trim();
    if (form.encryption_password.value !== '') body.encryption_password = form.encryption_password.value;
    if (operation === 'export' && form.compression.value !== '') body.compression = form.compression.value;
    if (operation === 'import') {
      const remaps = form.remap_schemas.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((pair) => {
          const [source, target] = pair.split(':').map((s) => s.trim());
          return { source, target };
        });
      if (remaps.length > 0) body.remap_schemas = remaps;
      if (form.table_exists_action.value !== '') body.table_exists_action = form.table_exists_action.value;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const created = jobOf(await api('POST', operation, body));
      noticeAfterRoute = `Started ${created.name}.`;
      location.hash = `#/job/${encodeURIComponent(created.owner)},${encodeURIComponent(created.name)}`;
    } catch (error) {
      show(error.message);
    } finally {
      button.disabled = false;
    }
  });
}

function signOut(message = '') {
  session.clear();
  location.hash = '#/';
  route();
  show(message);
}

function route() {
  leave();
  leave = () => {};
  const s = session.get();
  whoLabel.hidden = signOutButton.hidden = s === null;
  if (s === null) return signInView();
  whoLabel.textContent = `${s.user} @ ${s.database}`;
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const job = /^job\/([^,]+),(.+)$/.exec(hash);
  if (job !== null) return jobView(job[1], job[2]);
  const create = /^new\/(export|import)$/.exec(hash);
  if (create !== null) return newJobView(create[1]);
  return jobsView();
}

signOutButton.addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => {
  show(noticeAfterRoute, noticeAfterRoute !== '');
  noticeAfterRoute = '';
  route();
});

fetch('console/config.json')
  .then((r) => (r.ok ? r.json() : serverConfig))
  .catch(() => serverConfig)
  .then((config) => {
    serverConfig = { databases: config.databases ?? [], directories: config.directories ?? [] };
    route();
  });
