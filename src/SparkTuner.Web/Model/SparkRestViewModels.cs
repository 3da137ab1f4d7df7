using System.Globalization;
using SparkTuner.Core.Spark;

namespace SparkTuner.Web.Model;

/// <summary>Overall state of the Spark REST sections of the Compare page.</summary>
public enum SparkRestStatus
{
    /// <summary>Still loading.</summary>
    Loading,
    /// <summary>No SparkRest:BaseUrl configured.</summary>
    NotConfigured,
    /// <summary>The endpoint did not answer (or answered errors).</summary>
    Unreachable,
    /// <summary>The endpoint answered but does not know one of the applications.</summary>
    AppMissing,
    /// <summary>Both applications were found; sections may still carry their own errors.</summary>
    Ready,
}

/// <summary>One run joined to its REST application: Prometheus' first/last sample and the REST truth when found.</summary>
/// <param name="Side">"baseline" or "candidate".</param>
/// <param name="RunId">Application id.</param>
/// <param name="RunName">Application name.</param>
/// <param name="MetricsStart">First sample in Prometheus.</param>
/// <param name="MetricsEnd">Last sample in Prometheus.</param>
/// <param name="RestStart">REST attempt start, null when not linked.</param>
/// <param name="RestEnd">REST attempt end, null when not linked or running.</param>
/// <param name="RestDuration">REST attempt duration.</param>
public sealed record SparkRestRunInfo(
    string Side, string RunId, string RunName, DateTimeOffset MetricsStart, DateTimeOffset MetricsEnd,
    DateTimeOffset? RestStart, DateTimeOffset? RestEnd, TimeSpan? RestDuration)
{
    /// <summary>True when the run is linked to its REST application.</summary>
    public bool IsLinked => RestStart is not null;
}

/// <summary>A section's content, or why it could not be loaded.</summary>
/// <typeparam name="T">Section view model.</typeparam>
/// <param name="Value">Content when loaded.</param>
/// <param name="Error">Message when this section failed (the other sections are unaffected).</param>
public sealed record SparkRestSection<T>(T? Value, string? Error) where T : class;

/// <summary>Matched SQL executions with their plan diff.</summary>
/// <param name="Description">Execution description (call site).</param>
/// <param name="BaselineId">Baseline execution id.</param>
/// <param name="CandidateId">Candidate execution id.</param>
/// <param name="Diff">Line and operator diff.</param>
public sealed record SqlPlanPairViewModel(string Description, long BaselineId, long CandidateId, PlanDiffResult Diff);

/// <summary>The SQL plans section.</summary>
/// <param name="Pairs">Matched executions, differing plans first.</param>
/// <param name="OnlyInBaseline">Descriptions of baseline executions without a partner.</param>
/// <param name="OnlyInCandidate">Descriptions of candidate executions without a partner.</param>
public sealed record SqlPlansViewModel(IReadOnlyList<SqlPlanPairViewModel> Pairs, IReadOnlyList<string> OnlyInBaseline, IReadOnlyList<string> OnlyInCandidate);

/// <summary>The configuration section: every compared property, equal ones included (the table hides them by default).</summary>
/// <param name="Entries">Entries in <see cref="ConfigDiff"/> order.</param>
public sealed record ConfigDiffViewModel(IReadOnlyList<ConfigDiffEntry> Entries);

/// <summary>The cached-data section: what each side keeps in Spark's storage.</summary>
/// <param name="Baseline">Baseline storage.</param>
/// <param name="Candidate">Candidate storage.</param>
public sealed record CachedDataViewModel(CachedDataSummary Baseline, CachedDataSummary Candidate);

/// <summary>Everything the Spark REST sections show.</summary>
/// <param name="Status">Overall state.</param>
/// <param name="Message">Why not ready (not configured, unreachable, app missing).</param>
/// <param name="Baseline">Baseline run (the one picked from the baseline side, the first by default).</param>
/// <param name="Candidate">Candidate run (the one picked from the candidate side, the first by default).</param>
/// <param name="Stages">Stage comparison.</param>
/// <param name="Plans">SQL plan diffs.</param>
/// <param name="Config">Configuration diff.</param>
/// <param name="Cached">Cached data.</param>
/// <param name="Advice">The advisor's findings, memory models and cache verdict for the two runs.</param>
public sealed record SparkRestViewModel(
    SparkRestStatus Status,
    string? Message,
    SparkRestRunInfo? Baseline,
    SparkRestRunInfo? Candidate,
    SparkRestSection<StageComparison>? Stages = null,
    SparkRestSection<SqlPlansViewModel>? Plans = null,
    SparkRestSection<ConfigDiffViewModel>? Config = null,
    SparkRestSection<CachedDataViewModel>? Cached = null,
    SparkRestSection<SparkTuner.Core.Advice.AdviceReport>? Advice = null)
{
    /// <summary>How to configure the endpoint (shown when not configured).</summary>
    public const string HowToConfigure =
        "Set SparkRest:BaseUrl in appsettings.json or the SparkRest__BaseUrl environment variable to a Spark history server " +
        "or a live driver UI, e.g. http://spark-history:18080 or http://driver:4040.";

    /// <summary>The state shown while loading.</summary>
    public static SparkRestViewModel Loading { get; } = new(SparkRestStatus.Loading, null, null, null);
}

/// <summary>Display formats of the Spark REST controls.</summary>
public static class SparkRestFormat
{
    /// <summary>Bytes as B / KiB / MiB / GiB.</summary>
    public static string Bytes(double? bytes) =>
        bytes is { } b ? SparkTuner.Core.Comparison.UnitFormatter.FormatValue(b, SparkTuner.Core.Catalog.MetricUnit.Bytes) : "—";

    /// <summary>Seconds with a unit ("1.2 s", "3 min 4 s").</summary>
    public static string Seconds(double? seconds) => seconds switch
    {
        null => "—",
        < 60 and var s => string.Create(CultureInfo.InvariantCulture, $"{s:0.0} s"),
        var s => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(s.Value / 60):0} min {s.Value % 60:0} s"),
    };

    /// <summary>A stage metric value in its unit.</summary>
    public static string Metric(StageMetricDelta m, double? value) => m.Unit == "bytes" ? Bytes(value) : Seconds(value);

    /// <summary>RIP as the summary table writes it (one formatter for the whole product).</summary>
    public static string Rip(double? rip) => rip is null ? "—" : SparkTuner.Core.Comparison.UnitFormatter.FormatRip(rip);

    /// <summary>Colour class of a RIP: green when the candidate is better, red when worse.</summary>
    public static string RipClass(double? rip) => rip switch
    {
        > 0.02 => "mud-success-text",
        < -0.02 => "mud-error-text",
        _ => "",
    };

    /// <summary>UTC time with milliseconds.</summary>
    public static string Time(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "—";
}
