// RunLoad dashboard: polls the query API and redraws the charts in place.
(function () {
  'use strict';
  const POLL_MS = 5000;
  const ZONE_DAYS = 28;
  const select = document.getElementById('athlete');
  const status = document.getElementById('status');
  let athlete = new URLSearchParams(location.search).get('athlete');
  let timer = null;
  // The key stays in this tab only (sessionStorage), and goes only to this origin's API.
  const KEY_ITEM = 'runload.apiKey';
  const keyForm = document.getElementById('key-form');
  const keyInput = document.getElementById('api-key');

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  const weekly = new Chart(document.getElementById('weekly-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [
      { label: 'Distance (km)', data: [], backgroundColor: '#4e79a7', yAxisID: 'km' },
      { label: 'Load (TRIMP)', data: [], type: 'line', borderColor: '#f28e2b', backgroundColor: '#f28e2b', yAxisID: 'load' }
    ] },
    options: { scales: {
      km: { position: 'left', beginAtZero: true, title: { display: true, text: 'km' } },
      load: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'load' } }
    } }
  });

  const load = new Chart(document.getElementById('load-chart'), {
    type: 'line',
    data: { labels: [], datasets: [
      { label: 'Fitness (CTL)', data: [], borderColor: '#4e79a7', pointRadius: 0 },
      { label: 'Fatigue (ATL)', data: [], borderColor: '#e15759', pointRadius: 0 },
      { label: 'Form (TSB)', data: [], borderColor: '#59a14f', pointRadius: 0, borderDash: [5, 3] }
    ] },
    options: { interaction: { mode: 'index', intersect: false } }
  });

  const zones = new Chart(document.getElementById('zones-chart'), {
    type: 'bar',
    data: { labels: ['Z1', 'Z2', 'Z3', 'Z4', 'Z5'], datasets: [
      { label: 'Minutes', data: [], backgroundColor: ['#9ecae1', '#59a14f', '#edc948', '#f28e2b', '#e15759'] }
    ] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'minutes' } } } }
  });

  async function getJson(path) {
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem(KEY_ITEM);
    if (key) {
      headers.Authorization = 'Bearer ' + key;
    }
    const response = await fetch(path, { headers: headers, credentials: 'omit', cache: 'no-store' });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY_ITEM);
      keyForm.hidden = false;
      throw new Error(key ? 'The API key was refused: enter a valid one.' : 'This server needs an API key.');
    }
    if (response.status === 503) {
      throw new Error('state is being restored or rebalanced; retrying');
    }
    if (!response.ok) {
      throw new Error(path + ': HTTP ' + response.status);
    }
    return response.json();
  }

  function fixed(value, digits) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
  }

  function figure(label, value) {
    const div = document.createElement('div');
    div.className = 'figure';
    const b = document.createElement('b');
    b.textContent = value;
    const span = document.createElement('span');
    span.textContent = label;
    div.append(b, span);
    return div;
  }

  function showToday(loadView) {
    const box = document.getElementById('today');
    box.replaceChildren();
    const t = loadView.today;
    if (!t) {
      return;
    }
    box.append(figure('date (' + loadView.timezone + ')', t.date), figure('fitness CTL', fixed(t.ctl, 1)),
      figure('fatigue ATL', fixed(t.atl, 1)), figure('form TSB', fixed(t.tsb, 1)), figure('ACWR', fixed(t.acwr, 2)),
      figure('monotony', fixed(t.monotony, 2)));
  }

  // Each figure keeps its unrounded value in data-value, so what is shown can be checked against the API.
  function guidanceFigure(name, label, value, shown, note) {
    const div = figure(label, shown);
    div.dataset.figure = name;
    if (value !== null && value !== undefined) {
      div.dataset.value = String(value);
    }
    if (note) {
      const small = document.createElement('small');
      small.textContent = note;
      div.append(small);
    }
    return div;
  }

  function basis(text) {
    const li = document.createElement('li');
    li.textContent = text;
    return li;
  }

  function showGuidance(g) {
    document.getElementById('guidance-date').textContent = '(' + g.today + ', ' + g.timezone + ')';
    const box = document.getElementById('guidance');
    const notes = document.getElementById('guidance-basis');
    const longest = g.longestNextRun;
    const load = g.todayLoad;
    const rest = g.rest;
    const easy = g.weekEasyShare;
    const km = longest.limitDistanceMeters === null ? null : longest.limitDistanceMeters / 1000;
    box.replaceChildren(
      guidanceFigure('longest-km', 'longest next run (km)', km, km === null ? '–' : fixed(km, 1),
        longest.limitMinutes === null ? longest.unavailable : 'about ' + fixed(longest.limitMinutes, 0) + ' min'),
      guidanceFigure('load-high', 'most load today for TSB ≥ ' + load.formLow, load.highestLoad,
        fixed(load.highestLoad, 0), load.highestLoad === null ? load.unavailable
          : 'at least ' + fixed(load.lowestLoad, 0) + ' for TSB ≤ ' + load.formHigh + '; done ' + fixed(load.loadDoneToday, 0)),
      guidanceFigure('rest-days', 'rest days to TSB ≥ ' + rest.threshold, rest.restDays,
        rest.restDays === null ? '–' : String(rest.restDays),
        rest.restDays === null ? rest.unavailable : 'back on ' + rest.formBackOn),
      guidanceFigure('easy-share', 'easy share this week (target ' + fixed(easy.target * 100, 0) + '%)',
        easy.share === null ? null : easy.share * 100, easy.share === null ? '–' : fixed(easy.share * 100, 0) + '%',
        easy.share === null ? easy.unavailable : easy.runs + ' runs since ' + easy.weekStart));
    const longestBasis = basis(longest.basedOnRunId === null
      ? 'Longest next run: ' + longest.unavailable + '.'
      : 'Longest next run: ' + fixed(longest.basedOnDistanceMeters / 1000, 1) + ' km (' + fixed(longest.basedOnMinutes, 0)
        + ' min) on ' + longest.basedOnDate + ' was the longest from ' + longest.lookbackFrom + ' to ' + longest.lookbackTo
        + '; rule: ' + longest.rule + '. ');
    if (longest.basedOnRunId !== null) {
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'explain-longest';
      button.textContent = 'Explain this run';
      button.addEventListener('click', () => explainRun(longest.basedOnRunId));
      longestBasis.append(button);
    }
    notes.replaceChildren(longestBasis,
      basis(load.ctlYesterday === null ? 'Load today: ' + load.unavailable + '.'
        : 'Load today: CTL ' + fixed(load.ctlYesterday, 1) + ' and ATL ' + fixed(load.atlYesterday, 1)
          + ' after yesterday, TSB today ' + fixed(load.tsbToday, 1) + ', TSB tomorrow after rest '
          + fixed(load.restTsbTomorrow, 1) + '; ' + load.rule + '.'),
      basis(rest.ctlToday === null ? 'Rest: ' + rest.unavailable + '.'
        : 'Rest: from CTL ' + fixed(rest.ctlToday, 1) + ' and ATL ' + fixed(rest.atlToday, 1) + ' after today; '
          + rest.rule + '.'),
      basis('Easy share: ' + easy.easySeconds + ' of ' + easy.hrSeconds + ' heart-rate seconds easy, ' + easy.weekStart
        + ' to ' + easy.asOf + '; ' + easy.rule + '.'));
  }

  function term(dl, name, value) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  }

  async function explainRun(runId) {
    const box = document.getElementById('explain');
    box.hidden = false;
    box.textContent = 'Loading…';
    try {
      const e = await getJson('/api/athletes/' + encodeURIComponent(athlete) + '/runs/' + encodeURIComponent(runId));
      const p = e.profile;
      const dl = document.createElement('dl');
      term(dl, 'run', e.run.runId + ' · ' + e.run.localDate + ' · ' + fixed(e.run.distanceMeters / 1000, 1) + ' km · load '
        + fixed(e.run.load, 0));
      term(dl, 'load source', e.loadSource + (e.loadConfidence === null ? '' : ', confidence ' + fixed(e.loadConfidence, 2)));
      term(dl, 'profile', (p.effectiveFrom === null ? 'population default' : 'effective from ' + p.effectiveFrom)
        + ' · ' + p.timezone);
      term(dl, 'heart rate', 'max ' + p.maxHr + ' (' + p.maxHrSource + '), rest ' + p.restingHr + ', LTHR ' + fixed(p.lthr, 0)
        + ', zones ' + p.zoneModel);
      term(dl, 'quality flags', e.qualityFlags.length === 0 ? 'none' : e.qualityFlags.join(', '));
      term(dl, 'duplicates', e.duplicates.length === 0 ? 'none'
        : e.duplicates.map(d => d.runId + ' (' + d.source + ')').join(', '));
      box.replaceChildren(dl);
    } catch (err) {
      box.textContent = err.message;
    }
  }

  function showWeeks(view) {
    weekly.data.labels = view.weeks.map(w => w.weekStart);
    weekly.data.datasets[0].data = view.weeks.map(w => +(w.distanceMeters / 1000).toFixed(1));
    weekly.data.datasets[1].data = view.weeks.map(w => +w.load.toFixed(0));
    weekly.update();
  }

  function showLoad(view) {
    load.data.labels = view.days.map(d => d.date);
    load.data.datasets[0].data = view.days.map(d => +d.ctl.toFixed(1));
    load.data.datasets[1].data = view.days.map(d => +d.atl.toFixed(1));
    load.data.datasets[2].data = view.days.map(d => +d.tsb.toFixed(1));
    load.update();
    showToday(view);
  }

  // Time in zone over the last ZONE_DAYS days of the athlete's own calendar, counted runs only.
  function showZones(view) {
    const counted = view.runs.filter(r => r.status === 'COUNTED');
    const latest = counted.map(r => r.localDate).sort().pop();
    const totals = [0, 0, 0, 0, 0];
    if (latest) {
      const from = new Date(latest + 'T00:00:00Z');
      from.setUTCDate(from.getUTCDate() - (ZONE_DAYS - 1));
      const fromIso = from.toISOString().slice(0, 10);
      counted.filter(r => r.localDate >= fromIso).forEach(r => r.timeInZoneSec.forEach((s, i) => { totals[i] += s; }));
      document.getElementById('zones-period').textContent = '(' + fromIso + ' to ' + latest + ')';
    }
    zones.data.datasets[0].data = totals.map(s => Math.round(s / 60));
    zones.update();
  }

  function showAlerts(view) {
    const list = document.getElementById('alerts');
    list.replaceChildren();
    // A withdrawn alert no longer holds: the feed shows the ones that stand.
    const standing = view.alerts.filter(a => a.status !== 'WITHDRAWN');
    if (standing.length === 0) {
      const li = document.createElement('li');
      li.textContent = 'No alerts.';
      list.append(li);
    }
    standing.forEach(a => {
      const li = document.createElement('li');
      li.className = a.severity;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = a.severity + ' · ' + a.type + ' · ' + a.period + ' · ' + a.eventTime.replace('T', ' ').slice(0, 16);
      const text = document.createElement('div');
      text.textContent = a.message;
      li.append(meta, text);
      list.append(li);
    });
  }

  async function refreshAthletes() {
    const list = await getJson('/api/athletes');
    const current = Array.from(select.options).map(o => o.value);
    if (list.athletes.join() !== current.join()) {
      select.replaceChildren(...list.athletes.map(id => new Option(id, id)));
    }
    if (!athlete || !list.athletes.includes(athlete)) {
      athlete = list.athletes[0] || null;
    }
    if (athlete) {
      select.value = athlete;
    }
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      await refreshAthletes();
      if (!athlete) {
        status.textContent = 'Waiting for the first runs…';
        return;
      }
      const base = '/api/athletes/' + encodeURIComponent(athlete);
      const [weeks, loadView, runs, alerts, guidance] = await Promise.all([
        getJson(base + '/weekly-volume?weeks=12'), getJson(base + '/load'),
        getJson(base + '/runs?limit=200'), getJson(base + '/alerts?limit=50'), getJson(base + '/guidance')]);
      showWeeks(weeks);
      showLoad(loadView);
      showGuidance(guidance);
      showZones(runs);
      showAlerts(alerts);
      status.textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      status.textContent = e.message;
    } finally {
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  keyForm.addEventListener('submit', event => {
    event.preventDefault();
    const key = keyInput.value.trim();
    keyInput.value = '';
    if (key) {
      sessionStorage.setItem(KEY_ITEM, key);
      keyForm.hidden = true;
      refresh();
    }
  });

  select.addEventListener('change', () => {
    athlete = select.value;
    document.getElementById('explain').hidden = true;
    history.replaceState(null, '', '?athlete=' + encodeURIComponent(athlete));
    refresh();
  });
  refresh();
}());
