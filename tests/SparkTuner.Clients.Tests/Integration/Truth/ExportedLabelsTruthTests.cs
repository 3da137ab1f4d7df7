namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>exported-labels</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class ExportedLabelsFixture() : TruthCaseFixture("exported-labels", kubernetesDiscovery: true);

/// <summary>Truth case <c>exported-labels</c>: kube-state-metrics scraped without honor_labels (exported_namespace / exported_pod): working set 900/800 MiB driver, 3000/2000 MiB executors.</summary>
public sealed class ExportedLabelsTruthTests(ExportedLabelsFixture fx) : TruthCaseTests<ExportedLabelsFixture>(fx);
