import * as React from 'react';
import { Alert, PageSection } from '@patternfly/react-core';
import type { K8sResourceCommon } from '@openshift-console/dynamic-plugin-sdk';
import { RunComparison } from './RunComparison';

/** The fields of a Kubeflow spark-operator SparkApplication this tab reads. */
type SparkApplication = K8sResourceCommon & {
  status?: { sparkApplicationId?: string; applicationState?: { state?: string } };
};

/**
 * The "Spark tuning" tab of a SparkApplication (shown only when the CRD exists: flag SPARKTUNER_SPARK_APPLICATION).
 * Its current run is status.sparkApplicationId, compared with the previous completed run of the same name.
 */
const SparkApplicationTab: React.FC<{ obj?: SparkApplication }> = ({ obj }) => {
  const appId = obj?.status?.sparkApplicationId;
  return (
    <PageSection>
      {!appId ? (
        <Alert variant="info" isInline title="Not started yet" data-testid="sparktuner-not-started">
          {obj?.metadata?.name} has no Spark application id yet (status.sparkApplicationId): its driver has not started.
        </Alert>
      ) : (
        <RunComparison appId={appId} what={`SparkApplication ${obj?.metadata?.name}`} />
      )}
    </PageSection>
  );
};

export default SparkApplicationTab;
