// Smoke test of the built plugin as the console loads it: a loopback server serves dist/ under the manifest's baseURL
// and SparkTuner's /api/runs under the plugin proxy path (test/runs.json); jsdom loads plugin-entry.js from it, the
// webpack container is initialised with React from here as the console's shared module, and each exposed component is
// rendered with the props the console gives it. What each must render is checked: a driver pod's tab frames the
// comparison of that pod's run against the previous completed run of its name.
// Usage: node test/smoke.mjs DIST-FOLDER   (exit 0: every check passed; 1: a check failed, named on stderr)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom');
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist'));
const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'plugin-manifest.json'), 'utf8'));
const runs = fs.readFileSync(path.join(here, 'runs.json'));
const PROXY = '/api/proxy/plugin/sparktuner/backend';

const requests = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  requests.push(url.pathname);
  if (url.pathname === `${PROXY}/api/runs`) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(runs);
    return;
  }
  if (url.pathname.startsWith(`${PROXY}/embed/`)) {
    // Where SparkTuner's view would answer; jsdom loads frames, and what they show is SparkTuner's (tested there).
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>embedded view</title>');
    return;
  }
  if (url.pathname.startsWith(manifest.baseURL)) {
    const file = path.join(dist, path.normalize(url.pathname.slice(manifest.baseURL.length)));
    if (file.startsWith(dist) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': file.endsWith('.json') ? 'application/json' : 'text/javascript' }).end(fs.readFileSync(file));
      return;
    }
  }
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const dom = new JSDOM('<!DOCTYPE html><html><head></head><body><div id="root"></div></body></html>', {
  url: `${origin}/k8s/ns/spark/pods/driver`,
  runScripts: 'dangerously',
  resources: 'usable',
  pretendToBeVisual: true,
});
const { window } = dom;
// React and react-dom run here, against jsdom's document: the console's shared React.
for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Event', 'MessageEvent', 'MutationObserver', 'getComputedStyle']) {
  Object.defineProperty(globalThis, key, { value: key === 'window' ? window : window[key], configurable: true, writable: true });
}
globalThis.IS_REACT_ACT_ENVIRONMENT = false;
window.fetch = (url, init = {}) => fetch(new URL(url, window.location.href), { method: init.method, headers: init.headers });
const React = require('react');
const { createRoot } = require('react-dom/client');

const container = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('plugin-entry.js did not register within 20 s')), 20000);
  window.__load_plugin_entry__ = (name, entry) => {
    clearTimeout(timer);
    check(name === manifest.name, `plugin-entry.js registers as '${manifest.name}' (got '${name}')`);
    resolve(entry);
  };
  const script = window.document.createElement('script');
  script.src = `${manifest.baseURL}${manifest.loadScripts[0]}`;
  script.onerror = () => reject(new Error(`cannot load ${script.src}`));
  window.document.head.appendChild(script);
});
const shared = { react: { [React.version]: { get: () => Promise.resolve(() => React), loaded: 1, from: 'console', eager: false } } };
await container.init(shared);

const waitFor = async (predicate, ms = 15000) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
};

const render = async (module, props, until) => {
  const factory = await container.get(module);
  const Component = factory().default;
  const host = window.document.createElement('div');
  window.document.body.appendChild(host);
  const root = createRoot(host);
  root.render(React.createElement(Component, props));
  const settled = await waitFor(() => until(host));
  const html = host.innerHTML;
  root.unmount();
  host.remove();
  return { settled, html, host };
};
const frameOf = (html) => {
  const match = /<iframe[^>]*src="([^"]+)"/.exec(html);
  return match ? new URL(match[1].replaceAll('&amp;', '&'), origin) : undefined;
};

const exposed = [...new Set(manifest.extensions.flatMap((e) => JSON.stringify(e.properties).match(/"\$codeRef":"([^".]+)/g) ?? []).map((s) => s.split('"')[3]))];
check(exposed.sort().join(',') === 'DriverPodTab,SparkApplicationTab,SparkTuningPage', `the manifest's code references are the three components (${exposed.join(', ')})`);

// Observe → Spark tuning: the run list, in the console's theme.
{
  const { settled, html } = await render('SparkTuningPage', {}, (h) => h.querySelector('iframe'));
  const src = frameOf(html);
  check(settled && src?.pathname === `${PROXY}/embed/runs` && src.searchParams.get('theme') === 'light', `SparkTuningPage frames ${PROXY}/embed/runs?theme=light (got ${src})`);
  check(html.includes('Spark tuning'), 'SparkTuningPage has its title');
  window.document.documentElement.classList.add('pf-v6-theme-dark');
  const dark = frameOf((await render('SparkTuningPage', {}, (h) => h.querySelector('iframe'))).html);
  check(dark?.searchParams.get('theme') === 'dark', `with the console's dark theme the view is asked for theme=dark (got ${dark})`);
  window.document.documentElement.classList.remove('pf-v6-theme-dark');
}

// A driver pod's tab: that pod's run against the previous completed run of the same name.
const pod = (labels) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nightly-etl-driver', namespace: 'spark', labels } });
{
  const current = 'spark-2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7';
  const { settled, html } = await render('DriverPodTab', { obj: pod({ 'spark-role': 'driver', 'spark-app-selector': current }) }, (h) => h.querySelector('iframe'));
  const src = frameOf(html);
  check(settled && src?.pathname === `${PROXY}/embed/compare`, `DriverPodTab frames ${PROXY}/embed/compare (got ${src})`);
  check(src?.searchParams.get('candidate') === current, `DriverPodTab compares the pod's run ${current} (got ${src?.searchParams.get('candidate')})`);
  check(src?.searchParams.get('baseline') === 'spark-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6', `DriverPodTab's baseline is the previous completed run of nightly-etl (got ${src?.searchParams.get('baseline')})`);
  const options = [...html.matchAll(/<option[^>]*value="([^"]+)"/g)].map((m) => m[1]);
  check(options.length === 2 && !options.includes(current) && !options.includes('spark-3c4d5e6f7a8b49c0d1e2f3a4b5c6d7e8') && !options.includes('spark-4d5e6f7a8b9c40d1e2f3a4b5c6d7e8f9'),
    `the baseline can be changed to the other completed nightly-etl runs only (got ${options.join(', ')})`);
}
{
  const { settled, html } = await render('DriverPodTab', { obj: pod({ 'spark-role': 'executor', 'spark-app-selector': 'spark-x' }) }, (h) => h.querySelector('[data-testid="sparktuner-not-driver"]'));
  check(settled && !html.includes('<iframe'), 'DriverPodTab on an executor pod says it is not a driver and frames nothing');
}
{
  const { settled } = await render('DriverPodTab', { obj: pod({ 'spark-role': 'driver', 'spark-app-selector': 'spark-unknown' }) }, (h) => h.querySelector('[data-testid="sparktuner-no-run"]'));
  check(settled, 'DriverPodTab of a run SparkTuner does not know says it has no metrics yet');
}
{
  const { settled } = await render('DriverPodTab', { obj: pod({ 'spark-role': 'driver', 'spark-app-selector': 'spark-4d5e6f7a8b9c40d1e2f3a4b5c6d7e8f9' }) }, (h) => h.querySelector('[data-testid="sparktuner-no-baseline"]'));
  check(settled, 'DriverPodTab of the only run of its name says there is nothing to compare with');
}

// A SparkApplication's tab: status.sparkApplicationId is the run.
{
  const running = 'spark-3c4d5e6f7a8b49c0d1e2f3a4b5c6d7e8';
  const app = { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'nightly-etl', namespace: 'spark' }, status: { sparkApplicationId: running } };
  const { settled, html } = await render('SparkApplicationTab', { obj: app }, (h) => h.querySelector('iframe'));
  const src = frameOf(html);
  check(settled && src?.searchParams.get('candidate') === running && src.searchParams.get('baseline') === 'spark-2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7',
    `SparkApplicationTab compares status.sparkApplicationId against the previous completed run (got ${src})`);
  const pending = await render('SparkApplicationTab', { obj: { ...app, status: {} } }, (h) => h.querySelector('[data-testid="sparktuner-not-started"]'));
  check(pending.settled, 'SparkApplicationTab of an application not started yet says so');
}

check(requests.some((p) => p === `${PROXY}/api/runs`), 'the runs were asked through the console proxy path');
server.close();
window.close();
if (failures.length > 0) {
  console.error(`${failures.length} check(s) failed:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('all smoke checks passed');
process.exit(0);
