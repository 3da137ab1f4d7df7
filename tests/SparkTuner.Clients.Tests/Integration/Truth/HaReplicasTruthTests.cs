namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>ha-replicas</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class HaReplicasFixture() : TruthCaseFixture("ha-replicas");

/// <summary>Truth case <c>ha-replicas</c>: the candidate's every series exists twice (prometheus_replica a/b): same totals and peaks on both sides.</summary>
public sealed class HaReplicasTruthTests(HaReplicasFixture fx) : TruthCaseTests<HaReplicasFixture>(fx);
