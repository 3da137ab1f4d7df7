namespace SparkTuner.Core.Advice;

/// <summary>
/// The regions of Spark's unified memory model for one JVM, in bytes. The formulas are written here once, from Spark's
/// <c>org.apache.spark.memory.UnifiedMemoryManager</c> (<c>getMaxMemory</c>, <c>apply</c>) and the tuning guide's
/// "Memory Management Overview":
/// <list type="bullet">
/// <item>reserved = 300 MiB (<c>RESERVED_SYSTEM_MEMORY_BYTES</c>);</item>
/// <item>unified (M) = (heap − reserved) × <c>spark.memory.fraction</c>; user = (heap − reserved) − unified;</item>
/// <item>storage (R) = unified × <c>spark.memory.storageFraction</c>, the part execution cannot evict; execution = unified − storage
/// (either side borrows the other's free space; execution can evict cached blocks down to R);</item>
/// <item>off-heap, when <c>spark.memory.offHeap.enabled</c>: <c>spark.memory.offHeap.size</c>, split by the same storageFraction.</item>
/// </list>
/// Spark computes from <c>Runtime.maxMemory</c>, which the JVM reports slightly below <c>-Xmx</c> (by a survivor space), so
/// the executors' <c>maxMemory</c> in the REST API is a little below <see cref="UnifiedBytes"/> + off-heap. Spark refuses to
/// start with a heap under 1.5 × reserved (450 MiB); such a model has zero-sized regions and says so in <see cref="Note"/>.
/// </summary>
/// <param name="Settings">What the model was computed from.</param>
/// <param name="HeapBytes">The heap.</param>
/// <param name="ReservedBytes">300 MiB (or the whole heap when smaller).</param>
/// <param name="UserBytes">User memory: (heap − reserved) × (1 − fraction).</param>
/// <param name="UnifiedBytes">Unified region M.</param>
/// <param name="StorageBytes">Storage region R (evictable by nothing; execution may only borrow what storage does not use).</param>
/// <param name="ExecutionBytes">Execution region M − R.</param>
/// <param name="OffHeapStorageBytes">Off-heap storage region (0 when off-heap is off).</param>
/// <param name="OffHeapExecutionBytes">Off-heap execution region (0 when off-heap is off).</param>
/// <param name="Note">Why the model is degenerate, or null.</param>
public sealed record UnifiedMemoryModel(
    SparkMemorySettings Settings,
    long HeapBytes,
    long ReservedBytes,
    long UserBytes,
    long UnifiedBytes,
    long StorageBytes,
    long ExecutionBytes,
    long OffHeapStorageBytes,
    long OffHeapExecutionBytes,
    string? Note)
{
    /// <summary>Spark's <c>RESERVED_SYSTEM_MEMORY_BYTES</c>: 300 MiB.</summary>
    public const long ReservedSystemMemoryBytes = 300 * SparkSize.MiB;

    /// <summary>Storage memory Spark can use in total (on-heap unified + off-heap): what the REST API's <c>maxMemory</c> reports.</summary>
    public long MaxStorageMemoryBytes => UnifiedBytes + OffHeapStorageBytes + OffHeapExecutionBytes;

    /// <summary>Computes the regions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative heap or off-heap size, or a fraction outside (0, 1).</exception>
    public static UnifiedMemoryModel Compute(SparkMemorySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.HeapBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.OffHeapBytes);
        if (settings.MemoryFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.MemoryFraction, "spark.memory.fraction must lie in (0, 1)");
        if (settings.StorageFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.StorageFraction, "spark.memory.storageFraction must lie in (0, 1)");

        var heap = settings.HeapBytes;
        var reserved = Math.Min(heap, ReservedSystemMemoryBytes);
        var usable = heap - reserved;
        var unified = (long)Math.Floor(usable * settings.MemoryFraction);
        var storage = (long)Math.Floor(unified * settings.StorageFraction);
        var offHeap = settings.OffHeapEnabled ? settings.OffHeapBytes : 0;
        var offStorage = (long)Math.Floor(offHeap * settings.StorageFraction);
        string? note = heap < ReservedSystemMemoryBytes * 3 / 2
            ? $"a heap of {heap / SparkSize.MiB} MiB is below Spark's minimum of 450 MiB (1.5 × the 300 MiB reserved): Spark would not start"
            : null;
        return new UnifiedMemoryModel(settings, heap, reserved, usable - unified, unified, storage, unified - storage, offStorage, offHeap - offStorage, note);
    }
}
