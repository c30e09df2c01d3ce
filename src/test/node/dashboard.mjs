// Opens Vigil's dashboard in Debian's headless Chromium (driven by playwright-core, which brings no browser of
// its own) and checks what a person would: the fleet's sensors are drawn, at least one anomaly is listed and
// flagged on its chart. Saves a screenshot either way.
// Usage: node dashboard.mjs URL SCREENSHOT.png EXPECTED_SENSORS
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, screenshot, expectedText] = process.argv.slice(2);
if (!url || !screenshot || !expectedText) {
  console.error('usage: node dashboard.mjs URL SCREENSHOT.png EXPECTED_SENSORS');
  process.exit(2);
}
const expected = Number(expectedText);
const PATIENCE = 90_000;

// The flags keep Chromium off the network (this machine has none but loopback) and out of any existing profile.
const profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', (error) => problems.push('page error: ' + error.message));
page.on('console', (message) => { if (message.type() === 'error') problems.push('console: ' + message.text()); });

let failure = null;
try {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction((n) => document.querySelectorAll('#fleet-grid .tile').length === n, expected,
    { timeout: PATIENCE });
  await page.waitForSelector('#anomalies tbody tr', { timeout: PATIENCE });
  const flagged = await page.locator('#anomalies tbody tr').first().getAttribute('data-sensor');
  await page.locator('#anomalies tbody tr').first().click();
  await page.waitForFunction((id) => document.getElementById('sensor-id').textContent === id
    && document.querySelectorAll('#chart svg circle.flag').length > 0
    && document.querySelectorAll('#chart svg polyline.value').length === 1, flagged, { timeout: PATIENCE });
  // let the chart gather a few more live points so the screenshot shows the forecast band moving along
  await page.waitForTimeout(3000);
  const seen = await page.evaluate(() => ({
    sensors: document.querySelectorAll('#fleet-grid .tile').length,
    anomalousTiles: document.querySelectorAll('#fleet-grid .tile.hot').length,
    openAnomalies: document.querySelectorAll('#anomalies tbody tr').length,
    headerSensors: document.getElementById('sensor-count').textContent,
    status: document.getElementById('status').textContent,
    chartSensor: document.getElementById('sensor-id').textContent,
    flagsOnChart: document.querySelectorAll('#chart svg circle.flag').length,
    signals: [...document.querySelectorAll('#anomalies tbody tr td:nth-child(4)')].map((cell) => cell.textContent),
  }));
  console.log('dashboard: ' + JSON.stringify(seen));
  if (seen.status !== 'running') failure = 'streams state shown is ' + seen.status;
  if (seen.headerSensors.replace(/\D/g, '') !== String(expected)) failure = 'header shows ' + seen.headerSensors + ' sensors';
  const named = ['forecast error', 'drift', 'seasonal shift', 'stuck value', 'range break'];
  if (!seen.signals.every((signal) => named.includes(signal))) failure = 'an open anomaly names no signal: ' + seen.signals;
} catch (error) {
  failure = error.message;
}
if (problems.length) failure = (failure ? failure + '; ' : '') + problems.join('; ');
await page.screenshot({ path: screenshot, fullPage: true });
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log('screenshot: ' + screenshot);
if (failure) {
  console.error('dashboard check failed: ' + failure);
  process.exit(1);
}
