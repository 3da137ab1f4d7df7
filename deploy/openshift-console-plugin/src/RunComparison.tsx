import * as React from 'react';
import { Alert, FormSelect, FormSelectOption, Spinner, Stack, StackItem } from '@patternfly/react-core';
import { EmbedFrame } from './EmbedFrame';
import { comparableRuns, consoleTheme, embedUrl, fetchRuns, Run } from './sparktuner';

type Props = { appId: string; what: string };

/**
 * One run against the previous completed run of the same application name; the baseline can be changed to any other
 * completed run of that name. The comparison itself is SparkTuner's /embed/compare.
 */
export const RunComparison: React.FC<Props> = ({ appId, what }) => {
  const [runs, setRuns] = React.useState<Run[] | undefined>();
  const [error, setError] = React.useState<string | undefined>();
  const [baseline, setBaseline] = React.useState<string | undefined>();
  React.useEffect(() => {
    const abort = new AbortController();
    fetchRuns(abort.signal).then(setRuns, (e: Error) => {
      if (!abort.signal.aborted) setError(e.message);
    });
    return () => abort.abort();
  }, [appId]);

  if (error) {
    return <Alert variant="danger" isInline title="SparkTuner could not list the runs">{error}</Alert>;
  }
  if (!runs) {
    return <Spinner size="lg" aria-label="Finding the runs" />;
  }
  const current = runs.find((r) => r.id === appId);
  if (!current) {
    return (
      <Alert variant="info" isInline title={`No metrics for ${appId} yet`} data-testid="sparktuner-no-run">
        SparkTuner finds no metrics of {what} ({appId}) in Prometheus. A run that just started shows up after its first
        scrapes; check that Prometheus scrapes the driver&apos;s /metrics/executors/prometheus.
      </Alert>
    );
  }
  const { choices, previous } = comparableRuns(runs, current);
  const chosen = choices.find((r) => r.id === baseline) ?? previous ?? choices[0];
  if (!chosen) {
    return (
      <Alert variant="info" isInline title={`No other completed run of ${current.name}`} data-testid="sparktuner-no-baseline">
        There is nothing to compare {current.id} with yet: run {current.name} again, or open Observe → Spark tuning to
        pick runs.
      </Alert>
    );
  }
  const src = embedUrl('compare', { baseline: chosen.id, candidate: current.id }, consoleTheme());
  return (
    <Stack hasGutter>
      <StackItem>
        <FormSelect
          value={chosen.id}
          onChange={(_e, value) => setBaseline(value)}
          aria-label="Compare against"
          id="sparktuner-baseline"
          style={{ maxWidth: '48rem' }}
        >
          {choices.map((r) => (
            <FormSelectOption key={r.id} value={r.id} label={`Compare against ${r.name} ${r.id} (started ${r.start})`} />
          ))}
        </FormSelect>
      </StackItem>
      <StackItem>
        <EmbedFrame src={src} title={`${current.name}: ${chosen.id} vs ${current.id}`} />
      </StackItem>
    </Stack>
  );
};
