using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Comparison;

/// <summary>How a side is named in tables, headers and legends: by what its runs share.</summary>
public static class SideLabel
{
    /// <summary>The runs' common variant ("cached"), else their common name, else <paramref name="fallback"/>.</summary>
    public static string For(IReadOnlyList<SparkRun> runs, string fallback)
    {
        var variants = runs.Select(r => r.Variant).Distinct().ToList();
        if (variants is [{ Length: > 0 } variant]) return variant;
        var names = runs.Select(r => r.Name).Distinct().ToList();
        return names is [{ Length: > 0 } name] ? name : fallback;
    }
}
