using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Tests.Services;

public class LatestLoadTests
{
    private readonly FakeLogger _log = new();

    [Fact]
    public void Begin_Twice_FirstCancelledAndItsResultDroppedWithADebugLine()
    {
        using var loads = new LatestLoad(_log);
        var first = loads.Begin("/compare?baseline=a&candidate=b");
        var second = loads.Begin("/compare?baseline=b&candidate=a");

        Assert.True(first.Token.IsCancellationRequested);
        Assert.False(second.Token.IsCancellationRequested);
        // The first load finished anyway (its answer was already on its way): nothing of it may be written.
        Assert.False(first.Commit("summary"));
        Assert.True(second.Commit("summary"));
        var line = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Equal("Dropped the summary of superseded load 1 (/compare?baseline=a&candidate=b): a newer load replaced it", line.Message);
        Assert.Equal((1, 2), (first.Generation, second.Generation));
    }

    [Fact]
    public void Cancel_NoLoadIsCurrentAnyMore()
    {
        using var loads = new LatestLoad(_log);
        var load = loads.Begin("x");

        loads.Cancel();

        Assert.True(load.Token.IsCancellationRequested);
        Assert.False(load.IsCurrent);
        Assert.False(load.Commit("runs"));
    }

    [Fact]
    public void Dispose_CancelsAndRefusesNewLoads()
    {
        var loads = new LatestLoad(_log);
        var load = loads.Begin("x");

        loads.Dispose();

        Assert.True(load.Token.IsCancellationRequested);
        Assert.False(load.Commit("runs"));
        Assert.Throws<ObjectDisposedException>(() => loads.Begin("y"));
    }
}
