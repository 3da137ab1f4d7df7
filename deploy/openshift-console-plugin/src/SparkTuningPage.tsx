import * as React from 'react';
import { PageSection, Title } from '@patternfly/react-core';
import { EmbedFrame } from './EmbedFrame';
import { consoleTheme, embedUrl } from './sparktuner';

/** Observe → Spark tuning: SparkTuner's run list; its Compare button opens the comparison in the same frame. */
const SparkTuningPage: React.FC = () => (
  <>
    <PageSection>
      <Title headingLevel="h1">Spark tuning</Title>
    </PageSection>
    <PageSection>
      <EmbedFrame src={embedUrl('runs', {}, consoleTheme())} title="Spark runs" minHeight={600} />
    </PageSection>
  </>
);

export default SparkTuningPage;
