using SparkTuner.Core.Advice;

namespace SparkTuner.Core.Tests.Advice;

public sealed class UnifiedMemoryModelTests
{
    private const long MiB = SparkSize.MiB;

    // Spark's tuning guide, "Memory Management Overview": M = (heap − 300 MiB) × spark.memory.fraction (0.6), R = M ×
    // spark.memory.storageFraction (0.5), the remaining 40 % of (heap − 300 MiB) is user memory. Worked for the default 1g heap:
    // (1024 − 300) × 0.6 = 434.4 MiB unified, 217.2 MiB storage, 289.6 MiB user.
    [Fact]
    public void Compute_DefaultsWith1gHeap_MatchesTheTuningGuide()
    {
        var model = UnifiedMemoryModel.Compute(SparkMemorySettings.From(new Dictionary<string, string>(), SparkProcess.Executor));

        Assert.Equal(1024 * MiB, model.HeapBytes);
        Assert.Equal(300 * MiB, model.ReservedBytes);
        Assert.Equal((long)Math.Floor(724 * MiB * 0.6), model.UnifiedBytes);
        Assert.Equal(434.4, model.UnifiedBytes / (double)MiB, 3);
        Assert.Equal(217.2, model.StorageBytes / (double)MiB, 3);
        Assert.Equal(217.2, model.ExecutionBytes / (double)MiB, 3);
        Assert.Equal(289.6, model.UserBytes / (double)MiB, 3);
        Assert.Equal(model.HeapBytes, model.ReservedBytes + model.UserBytes + model.UnifiedBytes);
        Assert.Equal(["spark.executor.memory", "spark.memory.fraction", "spark.memory.storageFraction", "spark.memory.offHeap.enabled"],
            model.Settings.Defaulted);
    }

    // The same guide for a 4g executor with storageFraction 0.3 and off-heap 1g: (4096 − 300) × 0.6 = 2277.6 MiB unified,
    // 683.28 MiB storage (0.3 of it), off-heap split 307.2 / 716.8 MiB.
    [Fact]
    public void Compute_4gHeapStorageFraction03OffHeap1g_RegionsAsDocumented()
    {
        var props = AdvisorBuilder.Props(("spark.executor.memory", "4g"), ("spark.memory.storageFraction", "0.3"),
            ("spark.memory.offHeap.enabled", "true"), ("spark.memory.offHeap.size", "1g"), ("spark.memory.fraction", "0.6"));
        var model = UnifiedMemoryModel.Compute(SparkMemorySettings.From(props, SparkProcess.Executor));

        Assert.Equal(2277.6, model.UnifiedBytes / (double)MiB, 3);
        Assert.Equal(683.28, model.StorageBytes / (double)MiB, 2);
        Assert.Equal(307.2, model.OffHeapStorageBytes / (double)MiB, 3);
        Assert.Equal(716.8, model.OffHeapExecutionBytes / (double)MiB, 3);
        Assert.Empty(model.Settings.Defaulted);
        Assert.Null(model.Note);
    }

    [Theory]
    [InlineData("4g", 4L << 30)]
    [InlineData("4096m", 4L << 30)]
    [InlineData("4096", 4L << 30)] // spark.executor.memory without a unit is MiB
    [InlineData("2gb", 2L << 30)]
    [InlineData("512k", 512L << 10)]
    public void SparkSize_ExecutorMemoryStrings(string text, long bytes) => Assert.Equal(bytes, SparkSize.TryParse(text, MiB));

    [Fact]
    public void Compute_HeapBelow450MiB_SaysSparkWouldNotStart()
    {
        var model = UnifiedMemoryModel.Compute(SparkMemorySettings.From(AdvisorBuilder.Props(("spark.driver.memory", "400m")), SparkProcess.Driver));
        Assert.Contains("450 MiB", model.Note);
    }

    [Fact]
    public void From_FractionOutOfRange_DefaultUsedAndNamed()
    {
        var settings = SparkMemorySettings.From(AdvisorBuilder.Props(("spark.memory.fraction", "1.5")), SparkProcess.Executor);
        Assert.Equal(0.6, settings.MemoryFraction);
        Assert.Contains("spark.memory.fraction", settings.Defaulted);
    }
}
