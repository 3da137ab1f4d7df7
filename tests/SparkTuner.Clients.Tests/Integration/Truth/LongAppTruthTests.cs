namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>long-app</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class LongAppFixture() : TruthCaseFixture("long-app");

/// <summary>Truth case <c>long-app</c>: a 50 h app (12,001 scrapes, more than 11,000 points per series) with one-scrape spikes: passes today and must keep passing.</summary>
public sealed class LongAppTruthTests(LongAppFixture fx) : TruthCaseTests<LongAppFixture>(fx);
