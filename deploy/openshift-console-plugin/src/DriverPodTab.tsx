import * as React from 'react';
import { Alert, PageSection } from '@patternfly/react-core';
import type { K8sResourceCommon } from '@openshift-console/dynamic-plugin-sdk';
import { RunComparison } from './RunComparison';

/** Labels Spark on Kubernetes puts on its pods: the role, and the application id (spark.app.id). */
const ROLE = 'spark-role';
const APP_ID = 'spark-app-selector';

/**
 * The "Spark tuning" tab of a Pod. The console shows a resource tab on every pod (a tab cannot be limited to some
 * labels), so a pod that is not a Spark driver says so; a driver's tab compares its run with the previous completed
 * run of the same application name.
 */
const DriverPodTab: React.FC<{ obj?: K8sResourceCommon }> = ({ obj }) => {
  const labels = obj?.metadata?.labels ?? {};
  const appId = labels[APP_ID];
  return (
    <PageSection>
      {labels[ROLE] !== 'driver' || !appId ? (
        <Alert variant="info" isInline title="Not a Spark driver pod" data-testid="sparktuner-not-driver">
          SparkTuner compares Spark runs from their driver pod: pods with the labels {ROLE}=driver and {APP_ID}, which
          spark-submit on Kubernetes sets.
        </Alert>
      ) : (
        <RunComparison appId={appId} what={`pod ${obj?.metadata?.name}`} />
      )}
    </PageSection>
  );
};

export default DriverPodTab;
