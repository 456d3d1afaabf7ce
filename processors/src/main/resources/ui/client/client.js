// The client console: configurations, the schedule wizard, backup now / cancel, the live board
// and the local history. Every rule (validation, schedules, who may run) is the daemon's: this
// page only shows what the API answers. Console.api and Console.events come from /ui/console.js;
// no inline script anywhere (the console's Content-Security-Policy forbids it).
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;
  let keys = [];            // the keys a configuration may set (GET /api/configuration-keys)
  let editing = null;       // name of the configuration in the form, null for a new one
  let scheduleOf = null;    // configuration whose schedules are in the wizard

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function cell(row, value) {
    const td = document.createElement('td');
    td.textContent = text(value);
    row.appendChild(td);
    return td;
  }

  function button(label, id, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (id) b.id = id;
    b.addEventListener('click', onClick);
    return b;
  }

  function bytes(n) {
    if (n === null || n === undefined) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n, u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return (u === 0 ? v : v.toFixed(1)) + ' ' + units[u];
  }

  function millis(ms) {
    if (ms === null || ms === undefined) return '';
    return ms < 10000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }

  function errorText(err) {
    if (err && err.error) return err.error;
    if (err && err.message) return err.message;
    return text(err);
  }

  function say(element, message, failed) {
    element.textContent = message;
    element.classList.toggle('failed', !!failed);
  }

  // ---- live board -------------------------------------------------------------------------

  function showBoard(board) {
    const running = $('running');
    running.replaceChildren();
    if (!board.running.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'No backup is running.';
      running.appendChild(p);
    }
    board.running.forEach((b) => running.appendChild(runView(b)));
    const body = $('recent').tBodies[0];
    body.replaceChildren();
    board.recent.forEach((b) => {
      const tr = document.createElement('tr');
      tr.id = 'recent-' + b.id;
      [b.id, b.configuration, b.startTime, b.status, b.step, bytes(b.fileSize)].forEach((v) => cell(tr, v));
      cell(tr, b.error).className = 'wrap';
      body.appendChild(tr);
    });
    showFinished(board);
  }

  // the last backup seen running stays on the board when it ends (its bar full, or where it
  // stopped), so its end is seen without a reload
  let watched = null;

  function showFinished(board) {
    if (watched === null) return;
    const ended = board.recent.find((b) => b.id === watched.id);
    if (ended) {
      const view = runView(ended);
      view.id = 'last-run-' + ended.id;
      $('running').appendChild(view);
    }
  }

  function runView(b) {
    const div = document.createElement('div');
    div.className = 'run';
    div.id = 'run-' + b.id;
    div.dataset.status = b.status;
    const title = document.createElement('p');
    title.textContent = 'Backup ' + b.id + ' of \u2018' + b.configuration + '\u2019: ' + b.status + ' (' + b.step + ')'
      + (b.rate ? ', ' + bytes(b.rate) + '/s' : '') + (b.etaSeconds !== null && b.etaSeconds !== undefined
        && b.running ? ', ETA ' + b.etaSeconds + ' s' : '') + (b.error ? ': ' + b.error : '');
    div.appendChild(title);
    const bar = document.createElement('div');
    bar.className = 'progress';
    bar.setAttribute('role', 'progressbar');
    const percent = b.percent === null || b.percent === undefined ? 0 : b.percent;
    bar.setAttribute('aria-valuenow', percent.toFixed(1));
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    const fill = document.createElement('div');
    fill.className = 'fill';
    fill.style.width = percent + '%';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = (b.percent === null || b.percent === undefined ? 'before the transfer'
      : percent.toFixed(1) + '%') + (b.fileSize ? ' of ' + bytes(b.fileSize) : '');
    bar.append(fill, label);
    div.appendChild(bar);
    if (b.running) {
      div.appendChild(button('Cancel', 'cancel-' + b.id, () => cancel(b.id)));
    }
    if (b.running && (watched === null || watched.configuration === b.configuration)) {
      watched = { id: b.id, configuration: b.configuration };
    }
    return div;
  }

  function cancel(id) {
    Console.api('POST', '/api/backups/' + id + '/cancel')
      .then((answer) => say($('backup-message'), answer.message))
      .catch((err) => say($('backup-message'), errorText(err), true));
  }

  function backupNow(name) {
    watched = null;
    Console.api('POST', '/api/configurations/' + enc(name) + '/backup')
      .then((answer) => say($('backup-message'), answer.message + '; its progress shows above.'))
      .catch((err) => say($('backup-message'), errorText(err), true));
    location.hash = '#backups';
  }

  function listenToBoard() {
    Console.api('GET', '/api/backups/progress').then(showBoard).catch(() => {});
    Console.events('/api/backups/events', (message) => {
      const data = message && message.data !== undefined ? message.data : message;
      showBoard(typeof data === 'string' ? JSON.parse(data) : data);
    });
  }

  // ---- configurations ---------------------------------------------------------------------

  function loadConfigurations() {
    return Console.api('GET', '/api/configurations').then((list) => {
      const body = $('configuration-list').tBodies[0];
      body.replaceChildren();
      list.forEach((c) => {
        const tr = document.createElement('tr');
        tr.id = 'configuration-' + c.name;
        cell(tr, c.name);
        cell(tr, c.active ? 'active' : 'inactive');
        cell(tr, c.settings['mysql.datadir'] || '(client.properties)').className = 'wrap';
        cell(tr, Object.entries(c.secrets).map(([k, v]) => k + ': ' + v).join(', ')).className = 'wrap';
        const actions = cell(tr, '');
        actions.append(
          button('Edit', 'edit-' + c.name, () => edit(c.name)),
          button('Validate', 'validate-' + c.name, () => validateStored(c.name)),
          button('Schedule', 'schedule-' + c.name, () => openSchedules(c.name)),
          button('Backup now', 'backup-' + c.name, () => backupNow(c.name)),
          button('Delete', 'delete-' + c.name, () => remove(c.name)));
        body.appendChild(tr);
      });
    });
  }

  function buildFields() {
    const fields = $('cfg-fields');
    const secrets = $('cfg-secrets');
    fields.replaceChildren();
    secrets.replaceChildren();
    keys.forEach((k) => {
      const label = document.createElement('label');
      label.textContent = k.key;
      const input = document.createElement('input');
      input.id = 'field-' + k.key;
      input.dataset.key = k.key;
      if (k.secret) {
        input.type = 'password';
        input.autocomplete = 'new-password';
        const state = document.createElement('span');
        state.id = 'secret-state-' + k.key;
        state.className = 'hint';
        label.appendChild(state);
        const unset = document.createElement('label');
        unset.className = 'inline';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.id = 'unset-' + k.key;
        unset.append(box, ' remove the stored one');
        label.append(input, unset);
      } else {
        input.placeholder = k.inherited === null ? '' : k.inherited;
        label.appendChild(input);
      }
      const error = document.createElement('span');
      error.className = 'field-error';
      error.id = 'error-' + k.key;
      label.appendChild(error);
      (k.secret ? secrets : fields).appendChild(label);
    });
  }

  function clearErrors() {
    $('form-errors').replaceChildren();
    document.querySelectorAll('#configuration-form .field-error').forEach((e) => { e.textContent = ''; });
    document.querySelectorAll('#configuration-form input.invalid').forEach((e) => e.classList.remove('invalid'));
    say($('cfg-message'), '');
  }

  function showFieldErrors(fields) {
    const list = document.createElement('ul');
    fields.forEach((f) => {
      const li = document.createElement('li');
      li.textContent = f.field + ': ' + f.message;
      list.appendChild(li);
      const slot = document.getElementById('error-' + f.field);
      if (slot) slot.textContent = f.message;
      const input = f.field === 'name' ? $('cfg-name') : document.getElementById('field-' + f.field);
      if (input) input.classList.add('invalid');
    });
    $('form-errors').replaceChildren(list);
  }

  function form() {
    const settings = {};
    const secrets = {};
    const unsetSecrets = [];
    keys.forEach((k) => {
      const value = $('field-' + k.key).value;
      if (k.secret) {
        if (value) secrets[k.key] = value;
        if ($('unset-' + k.key).checked) unsetSecrets.push(k.key);
      } else if (value.trim()) {
        settings[k.key] = value.trim();
      }
    });
    return { name: $('cfg-name').value.trim(), active: $('cfg-active').checked, settings, secrets, unsetSecrets };
  }

  function openForm(configuration) {
    clearErrors();
    editing = configuration ? configuration.name : null;
    $('form-title').textContent = configuration ? 'Configuration ' + configuration.name : 'New configuration';
    $('cfg-name').value = configuration ? configuration.name : '';
    $('cfg-name').disabled = !!configuration;
    $('cfg-active').checked = configuration ? configuration.active : true;
    keys.forEach((k) => {
      $('field-' + k.key).value = k.secret || !configuration ? '' : text(configuration.settings[k.key]);
      if (k.secret) {
        $('unset-' + k.key).checked = false;
        $('secret-state-' + k.key).textContent = ' (' + (configuration ? configuration.secrets[k.key] : 'not set') + ')';
      }
    });
    $('configuration-form').hidden = false;
    $('configuration-form').scrollIntoView();
  }

  function edit(name) {
    Console.api('GET', '/api/configurations/' + enc(name)).then(openForm)
      .catch((err) => say($('cfg-message'), errorText(err), true));
  }

  function save(event) {
    event.preventDefault();
    clearErrors();
    const body = form();
    const call = editing === null ? Console.api('POST', '/api/configurations', body)
      : Console.api('PUT', '/api/configurations/' + enc(editing), body);
    call.then((saved) => {
      openForm(saved);
      say($('cfg-message'), 'Saved configuration \u2018' + saved.name + '\u2019.');
      return loadConfigurations();
    }).catch((err) => {
      if (err && err.fields) showFieldErrors(err.fields);
      say($('cfg-message'), errorText(err), true);
    });
  }

  function validateForm() {
    clearErrors();
    const body = form();
    const call = editing === null ? Console.api('POST', '/api/configuration-checks', body)
      : Console.api('POST', '/api/configurations/' + enc(editing) + '/check', body);
    call.then(showValidation).catch((err) => say($('cfg-message'), errorText(err), true));
  }

  function showValidation(result) {
    if (result.valid) {
      say($('cfg-message'), 'Configuration \u2018' + result.name + '\u2019 is valid.');
    } else {
      showFieldErrors(result.fields);
      say($('cfg-message'), 'Configuration \u2018' + result.name + '\u2019 is invalid.', true);
    }
  }

  function validateStored(name) {
    Console.api('GET', '/api/configurations/' + enc(name)).then((c) => {
      openForm(c);
      return Console.api('GET', '/api/configurations/' + enc(name) + '/check');
    }).then(showValidation).catch((err) => say($('cfg-message'), errorText(err), true));
  }

  function remove(name) {
    if (!confirm('Remove configuration \u2018' + name + '\u2019 and its schedules? Its history stays.')) return;
    Console.api('DELETE', '/api/configurations/' + enc(name))
      .then(() => { $('configuration-form').hidden = true; return loadConfigurations(); })
      .catch((err) => say($('backup-message'), errorText(err), true));
  }

  // ---- schedule wizard --------------------------------------------------------------------

  function scheduleType() {
    return document.querySelector('input[name="sch-type"]:checked').value;
  }

  function showScheduleFields() {
    const type = scheduleType();
    document.querySelectorAll('#schedule-form label[data-for]').forEach((label) => {
      label.hidden = !label.dataset.for.split(' ').includes(type);
    });
  }

  function scheduleForm() {
    const type = scheduleType();
    return {
      type,
      time: type === 'cron' ? null : $('sch-time').value,
      day: type === 'weekly' ? $('sch-weekday').value : type === 'monthly' ? $('sch-monthday').value : null,
      cron: type === 'cron' ? $('sch-cron').value : null,
      timeZone: $('sch-zone').value,
      misfire: $('sch-misfire').value || null,
      enabled: true
    };
  }

  function openSchedules(name) {
    scheduleOf = name;
    $('sch-config').textContent = name;
    $('sch-preview').hidden = true;
    $('sch-problems').replaceChildren();
    $('sch-save').disabled = true;
    $('sch-add').disabled = true;
    say($('sch-message'), '');
    if (!$('sch-zone').value) {
      $('sch-zone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    }
    showScheduleFields();
    $('schedule-form').hidden = false;
    $('schedule-form').scrollIntoView();
    return loadSchedules();
  }

  function loadSchedules() {
    return Console.api('GET', '/api/configurations/' + enc(scheduleOf) + '/schedules').then((list) => {
      const body = $('schedule-list').tBodies[0];
      body.replaceChildren();
      list.forEach((s) => {
        const tr = document.createElement('tr');
        tr.id = 'schedule-' + s.id;
        [s.id, s.description, s.enabled ? 'enabled' : 'disabled', s.next || '-'].forEach((v) => cell(tr, v));
        const actions = cell(tr, '');
        const base = '/api/configurations/' + enc(scheduleOf) + '/schedules/' + s.id;
        actions.append(
          button(s.enabled ? 'Disable' : 'Enable', null, () => Console.api('POST', base + (s.enabled ? '/disable'
            : '/enable')).then(loadSchedules).catch((err) => say($('sch-message'), errorText(err), true))),
          button('Remove', null, () => Console.api('DELETE', base).then(loadSchedules)
            .catch((err) => say($('sch-message'), errorText(err), true))));
        body.appendChild(tr);
      });
    });
  }

  let previews = 0;  // answers to older previews (the form changed since) are dropped

  function preview() {
    $('sch-save').disabled = true;
    $('sch-add').disabled = true;
    const asked = ++previews;
    return Console.api('POST', '/api/configurations/' + enc(scheduleOf) + '/schedule-preview', scheduleForm())
      .then((p) => {
        if (asked !== previews) return;
        const problems = $('sch-problems');
        problems.replaceChildren();
        $('sch-preview').hidden = !p.valid;
        if (!p.valid) {
          const list = document.createElement('ul');
          Object.entries(p.problems).forEach(([field, problem]) => {
            const li = document.createElement('li');
            li.textContent = field + ': ' + problem;
            list.appendChild(li);
          });
          problems.appendChild(list);
          return;
        }
        $('sch-description').textContent = p.description;
        $('sch-cron-text').textContent = p.cron;
        const next = $('sch-next');
        next.replaceChildren();
        p.next.forEach((t) => {
          const li = document.createElement('li');
          li.textContent = t;
          next.appendChild(li);
        });
        $('sch-save').disabled = false;
        $('sch-add').disabled = false;
      }).catch((err) => say($('sch-message'), errorText(err), true));
  }

  function saveSchedule(replace) {
    const path = '/api/configurations/' + enc(scheduleOf) + '/schedules';
    Console.api(replace ? 'PUT' : 'POST', path, scheduleForm())
      .then((s) => {
        say($('sch-message'), 'Saved schedule ' + s.id + ': ' + s.description + (s.next ? ', next backup at ' + s.next : ''));
        return loadSchedules();
      }).catch((err) => say($('sch-message'), errorText(err), true));
  }

  // ---- history ----------------------------------------------------------------------------

  function searchHistory(event) {
    if (event) event.preventDefault();
    const query = new URLSearchParams();
    [['from', 'h-from'], ['to', 'h-to'], ['status', 'h-status'], ['configuration', 'h-configuration'],
      ['limit', 'h-limit']].forEach(([name, id]) => {
      const value = $(id).value.trim();
      if (value) query.set(name, value);
    });
    $('history-errors').textContent = '';
    Console.api('GET', '/api/history?' + query.toString()).then((rows) => {
      const body = $('history-table').tBodies[0];
      body.replaceChildren();
      rows.forEach((r) => {
        const tr = document.createElement('tr');
        tr.id = 'history-' + r.id;
        tr.dataset.status = r.status;
        [r.id, r.configName, r.startTime, r.status, bytes(r.fileSize), millis(r.durationMs), millis(r.downtimeMs)]
          .forEach((v) => cell(tr, v));
        cell(tr, r.errorMessage ? 'at ' + r.step + ': ' + r.errorMessage : text(r.fileName)).className = 'wrap';
        body.appendChild(tr);
      });
      if (!rows.length) {
        const tr = document.createElement('tr');
        const td = cell(tr, '(no backups match)');
        td.colSpan = 8;
        body.appendChild(tr);
      }
    }).catch((err) => { $('history-errors').textContent = errorText(err); });
  }

  // ---- start ------------------------------------------------------------------------------

  function start() {
    Console.header([['/ui/index.html', 'Client console'], ['#backups', 'Backups now'],
      ['#configurations', 'Configurations'], ['#history', 'History']]).catch(Console.showError);
    $('new-configuration').addEventListener('click', () => openForm(null));
    $('configuration-form').addEventListener('submit', save);
    $('cfg-validate').addEventListener('click', validateForm);
    $('cfg-cancel').addEventListener('click', () => { $('configuration-form').hidden = true; });
    document.querySelectorAll('input[name="sch-type"]').forEach((r) => r.addEventListener('change', () => {
      showScheduleFields();
      preview();
    }));
    ['sch-time', 'sch-weekday', 'sch-monthday', 'sch-cron', 'sch-zone', 'sch-misfire'].forEach((id) =>
      $(id).addEventListener('change', preview));
    $('sch-preview-button').addEventListener('click', preview);
    $('schedule-form').addEventListener('submit', (e) => { e.preventDefault(); saveSchedule(true); });
    $('sch-add').addEventListener('click', () => saveSchedule(false));
    $('sch-close').addEventListener('click', () => { $('schedule-form').hidden = true; });
    $('history-filter').addEventListener('submit', searchHistory);
    const zones = $('zones');
    (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : ['UTC']).forEach((z) => {
      const option = document.createElement('option');
      option.value = z;
      zones.appendChild(option);
    });
    Console.api('GET', '/api/configuration-keys').then((list) => { keys = list; buildFields(); });
    loadConfigurations();
    listenToBoard();
    searchHistory();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
