namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>ha-replicas</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class HaReplicasFixture() : TruthCaseFixture("ha-replicas");

/// <summary>Truth case <c>ha-replicas</c>: the candidate's every series exists twice (prometheus_replica a/b): same totals and peaks on both sides.</summary>
public sealed class HaReplicasTruthTests(HaReplicasFixture fx) : TruthCaseTests<HaReplicasFixture>(fx)
{
    /// <summary>
    /// The candidate's series exist twice: collapsing copies needs their samples, so Prometheus reduces the baseline's
    /// shuffle read and the candidate's is read raw (the identity test of the base class then checks both numbers).
    /// </summary>
    [Fact]
    public async Task FetchReducedAsync_ReplicatedCandidate_ReadRaw()
    {
        var reductions = await Fixture.ReductionsAsync();

        Assert.Equal((1, 1), reductions["shuffle_read"]);
    }
}
