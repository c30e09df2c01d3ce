// Vigil's live dashboard: polls the instance's JSON API once a second and draws with plain DOM and SVG.
// No framework and no build step, so the jar serves it as it is and it works without any network access.
'use strict';

const POLL_MS = 1000;
const HISTORY = 240;          // points kept per watched sensor
const SVG = 'http://www.w3.org/2000/svg';

const state = {
  selected: new URLSearchParams(location.search).get('sensor'),
  userPicked: false,
  history: [],                // [{step, value, flagged}] of the selected sensor
  last: null,                 // the selected sensor's previous answer
};

const $ = (id) => document.getElementById(id);

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

function fmt(x, digits = 2) {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits);
}

function scoreClass(sensor) {
  if (sensor.warming_up) return 'warming';
  if (sensor.anomalous) return 'hot';
  // 0.95 is a rarity of eight decades as published (detect.PublishedScore): rarer is unusual
  return sensor.anomaly_score >= 0.95 ? 'warm' : 'ok';
}

function select(sensorId, byUser) {
  if (sensorId === state.selected) return;
  state.selected = sensorId;
  state.userPicked = state.userPicked || byUser;
  state.history = [];
  state.last = null;
  document.querySelectorAll('.tile.selected').forEach((t) => t.classList.remove('selected'));
  const tile = document.querySelector(`.tile[data-sensor="${CSS.escape(sensorId)}"]`);
  if (tile) tile.classList.add('selected');
  pollSensor();
}

function renderFleet(summary, list) {
  const status = $('status');
  status.textContent = summary.streams_state.toLowerCase();
  status.className = 'pill ' + (summary.streams_state === 'RUNNING' ? 'running' : 'down');
  $('sensor-count').textContent = summary.sensors.toLocaleString();
  $('open-count').textContent = summary.open_anomalies.toLocaleString();
  $('throughput').textContent = Math.round(summary.readings_per_second).toLocaleString();
  $('model-version').textContent = 'v' + summary.model_version;
  $('instances').textContent = summary.instances;
  $('fleet-note').textContent = list.total > list.sensors.length
    ? `showing ${list.sensors.length} of ${list.total}` : '';

  const grid = $('fleet-grid');
  const tiles = new Map([...grid.children].map((t) => [t.dataset.sensor, t]));
  const wanted = new Set();
  for (const sensor of list.sensors) {
    wanted.add(sensor.sensor_id);
    let tile = tiles.get(sensor.sensor_id);
    if (!tile) {
      tile = document.createElement('div');
      tile.dataset.sensor = sensor.sensor_id;
      tile.setAttribute('role', 'listitem');
      tile.addEventListener('click', () => select(sensor.sensor_id, true));
      grid.appendChild(tile);
    }
    tile.className = 'tile ' + scoreClass(sensor) + (sensor.sensor_id === state.selected ? ' selected' : '');
    tile.title = `${sensor.sensor_id}  value ${fmt(sensor.value)}  score ${fmt(sensor.anomaly_score, 4)}`;
  }
  for (const [id, tile] of tiles) if (!wanted.has(id)) tile.remove();
}

function renderAnomalies(anomalies) {
  const body = document.querySelector('#anomalies tbody');
  body.replaceChildren(...anomalies.open.map((episode) => {
    const row = document.createElement('tr');
    row.dataset.sensor = episode.sensor_id;
    for (const text of [episode.sensor_id, episode.started_at.replace('T', ' ').replace('Z', ''),
      fmt(episode.peak_score, 4), (episode.signal || '–').replace('_', ' '), fmt(episode.anomaly_score, 4),
      fmt(episode.last_value)]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    }
    row.addEventListener('click', () => select(episode.sensor_id, true));
    return row;
  }));
  $('no-anomalies').style.display = anomalies.open.length ? 'none' : '';
}

function renderModels(catalog) {
  const live = catalog.live;
  const published = catalog.history.length
    ? catalog.history.slice(0, 5).map((m) => `v${m.version}${m.trusted ? '' : ' UNTRUSTED'} (${m.source || 'unknown source'}${
      'val_mse' in m.metrics ? ', validation MSE ' + fmt(m.metrics.val_mse, 4) : ''})`).join('; ')
      + (catalog.history.length > 5 ? `; ${catalog.history.length - 5} older` : '')
    : `none published to ${catalog.topic} yet`;
  $('models-text').textContent =
    `live v${live.version}: ${live.layers} ${live.architecture.toUpperCase()} layer(s) of ${live.units}${live.seasonal ? ' reading the day-ago values' : ''}, horizon ${live.horizon}. Published: ${published}`;
}

// Adds the readings that arrived since the last answer; those that came while an episode was open are flagged.
function extendHistory(detail) {
  const last = state.last;
  if (!last) {
    const first = detail.steps - detail.recent.length;
    state.history = detail.recent.map((value, i) => ({ step: first + i + 1, value, flagged: false }));
  } else if (detail.steps > last.steps) {
    const arrived = Math.min(detail.steps - last.steps, detail.recent.length);
    detail.recent.slice(detail.recent.length - arrived).forEach((value, i) => {
      state.history.push({ step: detail.steps - arrived + i + 1, value, flagged: detail.episode.open });
    });
  }
  if (detail.episode.open && state.history.length) state.history[state.history.length - 1].flagged = true;
  state.history = state.history.slice(-HISTORY);
  state.last = detail;
}

function el(name, attributes, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

function renderChart(detail) {
  const width = 900, height = 280, left = 56, right = 10, top = 10, bottom = 24;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none' });
  const points = state.history;
  const future = detail.forecast.map((f, h) => ({ step: detail.steps + h + 1, value: f, lower: detail.lower[h], upper: detail.upper[h] }));
  const all = points.concat(future);
  if (!all.length) { $('chart').replaceChildren(svg); return; }
  const ys = all.flatMap((p) => [p.value, p.lower, p.upper]).filter((y) => y !== undefined && y !== null && Number.isFinite(y));
  let min = Math.min(...ys), max = Math.max(...ys);
  if (max - min < 1e-9) { min -= 1; max += 1; }
  const pad = (max - min) * 0.05; min -= pad; max += pad;
  const x0 = all[0].step, x1 = all[all.length - 1].step;
  const x = (step) => left + (width - left - right) * (x1 === x0 ? 0.5 : (step - x0) / (x1 - x0));
  const y = (v) => top + (height - top - bottom) * (1 - (v - min) / (max - min));

  el('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }, svg);
  el('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }, svg);
  for (const v of [min + pad, (min + max) / 2, max - pad]) {
    el('text', { x: 4, y: y(v) + 4 }, svg).textContent = fmt(v, 1);
  }
  el('text', { x: left, y: height - 6 }, svg).textContent = `step ${x0}`;
  el('text', { x: width - right - 80, y: height - 6 }, svg).textContent = `step ${x1}`;

  const flagged = points.filter((p) => p.flagged);
  if (flagged.length) {
    el('rect', { class: 'episode', x: x(flagged[0].step), y: top, width: Math.max(2, x(flagged[flagged.length - 1].step) - x(flagged[0].step)),
      height: height - top - bottom }, svg);
  }
  const band = (list, cls) => {
    const known = list.filter((p) => Number.isFinite(p.lower) && Number.isFinite(p.upper));
    if (known.length < 2) return;
    const upper = known.map((p) => `${x(p.step)},${y(p.upper)}`);
    const lower = known.slice().reverse().map((p) => `${x(p.step)},${y(p.lower)}`);
    el('polygon', { class: cls, points: upper.concat(lower).join(' ') }, svg);
  };
  const lastPoint = points.length ? [points[points.length - 1]] : [];
  band(lastPoint.map((p) => ({ ...p, lower: p.value, upper: p.value })).concat(future), 'band');
  if (points.length) el('polyline', { class: 'value', points: points.map((p) => `${x(p.step)},${y(p.value)}`).join(' ') }, svg);
  el('polyline', { class: 'forecast', points: lastPoint.concat(future).map((p) => `${x(p.step)},${y(p.value)}`).join(' ') }, svg);
  for (const p of flagged) el('circle', { class: 'flag', cx: x(p.step), cy: y(p.value), r: 3.5 }, svg);
  $('chart').replaceChildren(svg);
}

async function pollSensor() {
  if (!state.selected) return;
  const asked = state.selected;
  try {
    const detail = await getJson('/api/sensors/' + encodeURIComponent(asked));
    if (asked !== state.selected) return;
    extendHistory(detail);
    $('sensor-id').textContent = detail.sensor_id;
    $('sensor-facts').textContent = `value ${fmt(detail.last_value)} · score ${fmt(detail.anomaly_score, 4)} · `
      + (detail.warming_up ? 'warming up · ' : '')
      + (detail.episode.open
        ? `ANOMALY since ${detail.episode.started_at}` + (detail.episode.signal ? ` (${detail.episode.signal.replace('_', ' ')})` : '')
        : 'no open anomaly')
      + ` · model v${detail.model_version} · ${detail.steps} readings`;
    renderChart(detail);
  } catch (e) {
    $('sensor-facts').textContent = String(e.message);
  }
}

async function poll() {
  try {
    const [summary, list, anomalies] = await Promise.all([
      getJson('/api/fleet'), getJson('/api/sensors'), getJson('/api/anomalies')]);
    renderFleet(summary, list);
    renderAnomalies(anomalies);
    // until someone picks a sensor, watch the newest anomaly (or the first sensor)
    if (!state.userPicked) {
      const pick = anomalies.open.length ? anomalies.open[0].sensor_id : (list.sensors[0] || {}).sensor_id;
      if (pick && !state.selected) select(pick, false);
      else if (pick && anomalies.open.length && !anomalies.open.some((a) => a.sensor_id === state.selected)) select(pick, false);
    }
    await pollSensor();
  } catch (e) {
    $('status').textContent = 'unreachable';
    $('status').className = 'pill down';
  }
}

async function pollModels() {
  try { renderModels(await getJson('/api/models')); } catch (e) { $('models-text').textContent = String(e.message); }
}

poll();
pollModels();
setInterval(poll, POLL_MS);
setInterval(pollModels, 10 * POLL_MS);
