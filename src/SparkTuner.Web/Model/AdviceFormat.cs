using System.Globalization;
using SparkTuner.Core.Advice;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Web.Model;

/// <summary>Display formats of the advisor's sections (thin: every number comes from Core's <see cref="AdviceReport"/>).</summary>
public static class AdviceFormat
{
    /// <summary>An evidence value in its unit.</summary>
    public static string Value(double value, string unit) => unit switch
    {
        "ratio" => string.Create(CultureInfo.InvariantCulture, $"{value * 100:0.0} %"),
        "bytes" => SparkRestFormat.Bytes(value),
        "s" => SparkRestFormat.Seconds(value),
        "ms" => string.Create(CultureInfo.InvariantCulture, $"{value:0} ms"),
        "x" => string.Create(CultureInfo.InvariantCulture, $"{value:0.##}×"),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>The ladder as "low ≥ 8.0 %, moderate ≥ 10.0 %, …" (≤ for a descending ladder).</summary>
    public static string Ladder(SeverityLadder ladder, string unit)
    {
        var op = ladder.Ascending ? "≥" : "≤";
        return string.Join(", ", new[] { Severity.Low, Severity.Moderate, Severity.Severe, Severity.Critical }
            .Select(s => $"{Name(s)} {op} {Value(ladder.Threshold(s), unit)}"));
    }

    /// <summary>Lower-case name of a severity.</summary>
    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>Lower-case name of a change.</summary>
    public static string Name(FindingChange change) => change.ToString().ToLowerInvariant();

    /// <summary>MudBlazor colour of a severity chip.</summary>
    public static MudBlazor.Color Color(Severity severity) => severity switch
    {
        Severity.Critical or Severity.Severe => MudBlazor.Color.Error,
        Severity.Moderate => MudBlazor.Color.Warning,
        Severity.Low => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>MudBlazor colour of a change chip: new and worse red, better and resolved green.</summary>
    public static MudBlazor.Color Color(FindingChange change) => change switch
    {
        FindingChange.New or FindingChange.Worse => MudBlazor.Color.Error,
        FindingChange.Better or FindingChange.Resolved => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>
    /// A link to <paramref name="fragment"/> (<c>#id</c>) on the page at <paramref name="baseRelativeUri"/> (the page's
    /// address relative to the document's base, as <c>NavigationManager.ToBaseRelativePath</c> gives it; its own
    /// fragment is dropped). A bare <c>#id</c> resolves against <c>&lt;base href&gt;</c>, not the page: under
    /// <c>&lt;base href="/"&gt;</c> it led from a comparison to the Runs page at <c>/#id</c>.
    /// </summary>
    public static string InPage(string baseRelativeUri, string fragment)
    {
        ArgumentNullException.ThrowIfNull(baseRelativeUri);
        ArgumentNullException.ThrowIfNull(fragment);
        var hash = baseRelativeUri.IndexOf('#', StringComparison.Ordinal);
        return (hash >= 0 ? baseRelativeUri[..hash] : baseRelativeUri) + fragment;
    }

    /// <summary>The anchor of the chart group that draws <paramref name="metricId"/> (the Compare page's <c>group-KEY</c> headings), or null.</summary>
    public static string? ChartAnchor(string? metricId)
    {
        if (metricId is null) return null;
        var catalog = MetricCatalog.Default;
        var metric = catalog.Metrics.FirstOrDefault(m => m.Id == metricId);
        return metric is null ? null : "#group-" + catalog.GroupOf(metric).Key;
    }

    /// <summary>Width in percent of <paramref name="part"/> in <paramref name="whole"/>, for the memory bars (0..100).</summary>
    public static string Percent(double part, double whole) =>
        (whole <= 0 ? 0 : Math.Clamp(100 * part / whole, 0, 100)).ToString("0.###", CultureInfo.InvariantCulture);
}
