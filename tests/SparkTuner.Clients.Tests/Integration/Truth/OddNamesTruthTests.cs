namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>odd-names</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class OddNamesFixture() : TruthCaseFixture("odd-names");

/// <summary>Truth case <c>odd-names</c>: application names with spaces, brackets, an en dash, ü, dots and +: passes today and must keep passing.</summary>
public sealed class OddNamesTruthTests(OddNamesFixture fx) : TruthCaseTests<OddNamesFixture>(fx);
