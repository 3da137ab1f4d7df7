using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>One demo Prometheus for every class of this assembly marked <c>[Collection(DemoPrometheusFixture.Collection)]</c>.</summary>
[CollectionDefinition(DemoPrometheusFixture.Collection)]
public sealed class DemoPrometheusCollection : ICollectionFixture<DemoPrometheusFixture>;
