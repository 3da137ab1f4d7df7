using System.Globalization;

namespace SparkTuner.Core.Advice;

/// <summary>Spark's size strings (<c>4g</c>, <c>4096m</c>, <c>512k</c>, <c>1t</c>, <c>2gb</c>), as <c>JavaUtils.byteStringAs</c> reads them.</summary>
public static class SparkSize
{
    /// <summary>One MiB.</summary>
    public const long MiB = 1024L * 1024;

    /// <summary>One GiB.</summary>
    public const long GiB = 1024L * MiB;

    /// <summary>
    /// Parses <paramref name="text"/>; a bare number is in <paramref name="defaultUnitBytes"/> (MiB for
    /// <c>spark.executor.memory</c> and <c>spark.driver.memory</c>, bytes for <c>spark.memory.offHeap.size</c>).
    /// Returns null when the text is not a size.
    /// </summary>
    public static long? TryParse(string? text, long defaultUnitBytes)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToLowerInvariant();
        var digits = 0;
        while (digits < t.Length && (char.IsAsciiDigit(t[digits]) || t[digits] == '.')) digits++;
        if (digits == 0 || !double.TryParse(t[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0) return null;
        long? unit = t[digits..] switch
        {
            "" => defaultUnitBytes,
            "b" => 1,
            "k" or "kb" => 1L << 10,
            "m" or "mb" => 1L << 20,
            "g" or "gb" => 1L << 30,
            "t" or "tb" => 1L << 40,
            "p" or "pb" => 1L << 50,
            _ => null,
        };
        return unit is { } u && n * u < long.MaxValue / 2 ? (long)(n * u) : null;
    }

    /// <summary>A size as Spark settings are written: whole GiB as <c>6g</c>, otherwise whole MiB (<c>4608m</c>).</summary>
    public static string Format(long bytes) =>
        bytes % GiB == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / GiB}g")
        : string.Create(CultureInfo.InvariantCulture, $"{(bytes + MiB - 1) / MiB}m");
}

/// <summary>Which JVM a memory model describes.</summary>
public enum SparkProcess
{
    /// <summary>An executor (<c>spark.executor.memory</c>).</summary>
    Executor,
    /// <summary>The driver (<c>spark.driver.memory</c>).</summary>
    Driver,
}

/// <summary>
/// The memory settings of one JVM of a run, from its Spark properties, with Spark's defaults where a property is unset or
/// unreadable (<see cref="Defaulted"/> names them). Defaults are Spark 3.x/4.x's: <c>spark.executor.memory</c> and
/// <c>spark.driver.memory</c> 1g, <c>spark.memory.fraction</c> 0.6, <c>spark.memory.storageFraction</c> 0.5,
/// <c>spark.memory.offHeap.enabled</c> false, <c>spark.memory.offHeap.size</c> 0 (docs/configuration.md).
/// </summary>
/// <param name="Process">Executor or driver.</param>
/// <param name="HeapBytes">JVM heap (<c>spark.executor.memory</c> / <c>spark.driver.memory</c>), bytes.</param>
/// <param name="MemoryFraction"><c>spark.memory.fraction</c>.</param>
/// <param name="StorageFraction"><c>spark.memory.storageFraction</c>.</param>
/// <param name="OffHeapEnabled"><c>spark.memory.offHeap.enabled</c>.</param>
/// <param name="OffHeapBytes"><c>spark.memory.offHeap.size</c>, bytes (counted only when enabled).</param>
/// <param name="Defaulted">Property names taken at Spark's default.</param>
public sealed record SparkMemorySettings(
    SparkProcess Process,
    long HeapBytes,
    double MemoryFraction,
    double StorageFraction,
    bool OffHeapEnabled,
    long OffHeapBytes,
    IReadOnlyList<string> Defaulted)
{
    /// <summary>Spark's default heap of either JVM (1g).</summary>
    public const long DefaultHeapBytes = SparkSize.GiB;

    /// <summary>Spark's default <c>spark.memory.fraction</c>.</summary>
    public const double DefaultMemoryFraction = 0.6;

    /// <summary>Spark's default <c>spark.memory.storageFraction</c>.</summary>
    public const double DefaultStorageFraction = 0.5;

    /// <summary>The heap property of <paramref name="process"/>.</summary>
    public static string HeapProperty(SparkProcess process) => process == SparkProcess.Driver ? "spark.driver.memory" : "spark.executor.memory";

    /// <summary>Reads the settings of <paramref name="process"/> from a run's Spark properties.</summary>
    public static SparkMemorySettings From(IReadOnlyDictionary<string, string> properties, SparkProcess process)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var defaulted = new List<string>();
        var heapKey = HeapProperty(process);
        var heap = SparkSize.TryParse(properties.GetValueOrDefault(heapKey), SparkSize.MiB);
        if (heap is null) defaulted.Add(heapKey);
        var fraction = Fraction(properties, "spark.memory.fraction", DefaultMemoryFraction, defaulted);
        var storage = Fraction(properties, "spark.memory.storageFraction", DefaultStorageFraction, defaulted);
        bool offHeap = false;
        if (properties.TryGetValue("spark.memory.offHeap.enabled", out var on) && bool.TryParse(on.Trim(), out var parsed)) offHeap = parsed;
        else defaulted.Add("spark.memory.offHeap.enabled");
        long offHeapSize = 0;
        if (offHeap)
        {
            if (SparkSize.TryParse(properties.GetValueOrDefault("spark.memory.offHeap.size"), 1) is { } size) offHeapSize = size;
            else defaulted.Add("spark.memory.offHeap.size");
        }
        return new SparkMemorySettings(process, heap ?? DefaultHeapBytes, fraction, storage, offHeap, offHeapSize, defaulted);
    }

    private static double Fraction(IReadOnlyDictionary<string, string> properties, string key, double fallback, List<string> defaulted)
    {
        if (properties.TryGetValue(key, out var text)
            && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is > 0 and < 1)
        {
            return v;
        }
        defaulted.Add(key);
        return fallback;
    }
}
