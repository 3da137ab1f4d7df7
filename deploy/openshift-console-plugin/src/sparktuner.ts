// How the plugin reaches SparkTuner: through the console's own origin. The ConsolePlugin resource declares
// SparkTuner's Service as the proxy alias "backend" with `authorization: UserToken`, so the console forwards
// /api/proxy/plugin/sparktuner/backend/<path> to the Service, without that prefix, with the user's token.

/** The console proxy's path to SparkTuner (no trailing slash). */
export const PROXY_BASE = '/api/proxy/plugin/sparktuner/backend';

/** A run as GET /api/runs lists it (see SparkTuner's README, "HTTP API"). */
export type Run = {
  id: string;
  name: string;
  start: string;
  end: string;
  durationSeconds: number;
  executors: number;
  variant: string;
  state: 'running' | 'completed';
};

/** "dark" when the console shows its dark theme (PatternFly's theme class on <html>), else "light". */
export const consoleTheme = (doc: Document = document): 'light' | 'dark' =>
  doc.documentElement.classList.contains('pf-v6-theme-dark') || doc.documentElement.classList.contains('pf-v5-theme-dark')
    ? 'dark'
    : 'light';

/** The URL of an embedded view (`embed/compare`, `embed/runs`) through the console proxy, with the console's theme. */
export const embedUrl = (view: 'compare' | 'runs', params: Record<string, string>, theme: 'light' | 'dark'): string => {
  const query = new URLSearchParams({ ...params, theme });
  return `${PROXY_BASE}/embed/${view}?${query.toString()}`;
};

/** The runs SparkTuner finds over its lookback (Runs:LookbackDays), through the proxy. */
export const fetchRuns = async (signal?: AbortSignal): Promise<Run[]> => {
  const response = await fetch(`${PROXY_BASE}/api/runs`, { credentials: 'same-origin', signal, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = '';
    try {
      const problem = await response.json();
      detail = problem?.detail ?? problem?.title ?? '';
    } catch {
      // Not a problem-details body: the status says enough.
    }
    throw new Error(`SparkTuner answered ${response.status}${detail ? `: ${detail}` : ''}`);
  }
  return (await response.json()) as Run[];
};

/**
 * The runs a run can be compared against: the completed runs of the same application name other than itself,
 * latest first. The first one that started before it is the default baseline ("the previous completed run").
 */
export const comparableRuns = (runs: Run[], current: Run): { choices: Run[]; previous?: Run } => {
  const choices = runs
    .filter((r) => r.name === current.name && r.id !== current.id && r.state === 'completed')
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const previous = choices.find((r) => Date.parse(r.start) < Date.parse(current.start));
  return { choices, previous };
};
