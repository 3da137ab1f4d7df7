using SparkTuner.Core.Comparison;

namespace SparkTuner.Core.Tests.Comparison;

public class RunDataCacheTests
{
    private sealed record Box(int Value);

    [Fact]
    public async Task GetOrCreate_SecondCall_FromCacheWithoutWork()
    {
        using var cache = new RunDataCache();
        var calls = 0;
        Task<Box> Create(CancellationToken _) { calls++; return Task.FromResult(new Box(7)); }
        var a = await cache.GetOrCreateAsync("k", Create, _ => true, _ => 100);
        var b = await cache.GetOrCreateAsync("k", Create, _ => true, _ => 100);
        Assert.Same(a, b);
        Assert.Equal(1, calls);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task Partition_TwoUsers_NeitherGetsTheOthersEntryNorJoinsTheirWork_SameUserHits()
    {
        var who = new AsyncLocal<string?>();
        using var cache = new RunDataCache(new RunDataCacheOptions { Partition = () => who.Value });
        var calls = new List<string?>();
        var release = new TaskCompletionSource();
        async Task<Box> Create(CancellationToken _) { lock (calls) calls.Add(who.Value); await release.Task; return new Box(calls.Count); }

        async Task<Box> As(string user) { who.Value = user; return await cache.GetOrCreateAsync("runs:a,b", Create, _ => true, _ => 10); }
        var alice = As("alice");
        var bob = As("bob");
        release.SetResult();
        var (a, b) = (await alice, await bob);

        Assert.NotSame(a, b);
        Assert.Equal(["alice", "bob"], calls.Order());
        Assert.Equal(0, cache.Coalesced);
        Assert.Same(a, await As("alice"));
        who.Value = "carol";
        Assert.False(cache.TryGet<Box>("runs:a,b", out _));
        who.Value = null;
        Assert.False(cache.TryGet<Box>("runs:a,b", out _));
    }

    [Fact]
    public async Task GetOrCreate_NotKept_AskedAgain()
    {
        using var cache = new RunDataCache();
        var calls = 0;
        Task<Box> Create(CancellationToken _) { calls++; return Task.FromResult(new Box(calls)); }
        await cache.GetOrCreateAsync("k", Create, _ => false, _ => 100);
        var again = await cache.GetOrCreateAsync("k", Create, _ => false, _ => 100);
        Assert.Equal(2, again.Value);
    }

    [Fact]
    public async Task GetOrCreate_TenConcurrentCallers_OneUpstreamCall()
    {
        using var cache = new RunDataCache();
        var release = new TaskCompletionSource();
        var calls = 0;
        async Task<Box> Create(CancellationToken _) { Interlocked.Increment(ref calls); await release.Task; return new Box(1); }
        var waiters = Enumerable.Range(0, 10).Select(_ => cache.GetOrCreateAsync("k", Create, _ => false, _ => 1)).ToList();
        release.SetResult();
        var results = await Task.WhenAll(waiters);
        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(9, cache.Coalesced);
    }

    [Fact]
    public async Task GetOrCreate_OneOfTwoWaitersLeaves_WorkGoesOnForTheOther()
    {
        using var cache = new RunDataCache();
        var release = new TaskCompletionSource();
        CancellationToken seen = default;
        async Task<Box> Create(CancellationToken ct) { seen = ct; await release.Task.WaitAsync(ct); return new Box(1); }
        using var leaving = new CancellationTokenSource();
        var first = cache.GetOrCreateAsync("k", Create, _ => true, _ => 1, leaving.Token);
        var second = cache.GetOrCreateAsync("k", Create, _ => true, _ => 1);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(seen.IsCancellationRequested);
        release.SetResult();
        Assert.Equal(1, (await second).Value);
    }

    [Fact]
    public async Task GetOrCreate_EveryWaiterLeaves_UpstreamWorkCancelled()
    {
        using var cache = new RunDataCache();
        var started = new TaskCompletionSource<CancellationToken>();
        async Task<Box> Create(CancellationToken ct) { started.SetResult(ct); await Task.Delay(Timeout.Infinite, ct); return new Box(1); }
        using var leaving = new CancellationTokenSource();
        var only = cache.GetOrCreateAsync("k", Create, _ => true, _ => 1, leaving.Token);
        var token = await started.Task;
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => only);
        Assert.True(token.IsCancellationRequested);
        // A later caller starts afresh.
        var fresh = await cache.GetOrCreateAsync("k", _ => Task.FromResult(new Box(2)), _ => true, _ => 1);
        Assert.Equal(2, fresh.Value);
    }

    [Fact]
    public async Task GetOrCreate_StartersWorkCancelledByItsOwnToken_WaiterGetsItDoneAgain()
    {
        using var cache = new RunDataCache();
        using var startersPage = new CancellationTokenSource();
        var release = new TaskCompletionSource();
        var calls = 0;
        // The first creator depends on its own page's token (as a fetch depends on the page that started it).
        async Task<Box> Starter(CancellationToken _) { Interlocked.Increment(ref calls); await release.Task.WaitAsync(startersPage.Token); return new Box(1); }
        Task<Box> Other(CancellationToken _) { Interlocked.Increment(ref calls); return Task.FromResult(new Box(2)); }

        var first = cache.GetOrCreateAsync("k", Starter, _ => true, _ => 1, startersPage.Token);
        var second = cache.GetOrCreateAsync("k", Other, _ => true, _ => 1);
        await startersPage.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(2, (await second).Value);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Set_BeyondTheSizeBound_LeastRecentlyUsedEvicted()
    {
        using var cache = new RunDataCache(new RunDataCacheOptions { MaxBytes = 1024 * 1024 });
        for (var i = 0; i < 20; i++)
        {
            cache.Set("k" + i, new Box(i), 100 * 1024);
        }

        Assert.True(cache.Bytes <= 1024 * 1024, $"{cache.Bytes} bytes held");
        Assert.True(cache.TryGet<Box>("k19", out _));
        Assert.False(cache.TryGet<Box>("k0", out _));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task GetOrCreate_Failure_NotCachedAndRethrown()
    {
        using var cache = new RunDataCache();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.GetOrCreateAsync<Box>("k", _ => throw new InvalidOperationException("boom"), _ => true, _ => 1));
        Assert.Equal(3, (await cache.GetOrCreateAsync("k", _ => Task.FromResult(new Box(3)), _ => true, _ => 1)).Value);
    }
}
