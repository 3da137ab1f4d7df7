namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>default-namespace</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class DefaultNamespaceFixture() : TruthCaseFixture("default-namespace");

/// <summary>Truth case <c>default-namespace</c>: spark.metrics.namespace left at its default: the driver's servlet metrics carry the application id; driver heap 1500 vs 900 MiB.</summary>
public sealed class DefaultNamespaceTruthTests(DefaultNamespaceFixture fx) : TruthCaseTests<DefaultNamespaceFixture>(fx);
