namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>spark30-names</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class Spark30NamesFixture() : TruthCaseFixture("spark30-names");

/// <summary>Truth case <c>spark30-names</c>: Spark 3.0's executor names (_Count / _Value suffixes, times in ms): runs found, task time and shuffle read right.</summary>
public sealed class Spark30NamesTruthTests(Spark30NamesFixture fx) : TruthCaseTests<Spark30NamesFixture>(fx);
