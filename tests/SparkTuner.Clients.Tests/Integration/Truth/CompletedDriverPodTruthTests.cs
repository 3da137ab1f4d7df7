namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>completed-driver-pod</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class CompletedDriverPodFixture() : TruthCaseFixture("completed-driver-pod", kubernetesDiscovery: true);

/// <summary>Truth case <c>completed-driver-pod</c>: Kubernetes discovery with the finished driver pod kept (kube_pod_labels outlives the app): durations 600 s vs 720 s.</summary>
public sealed class CompletedDriverPodTruthTests(CompletedDriverPodFixture fx) : TruthCaseTests<CompletedDriverPodFixture>(fx);
