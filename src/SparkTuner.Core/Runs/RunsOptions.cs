namespace SparkTuner.Core.Runs;

/// <summary>
/// The configuration section <c>"Runs"</c>: how runs are found and how far back a run named in a link is searched.
/// It lives with run discovery, its owner, so the pages, the API and the CLI read it without an adapter namespace;
/// it is bound and validated at start-up by the composition root (<c>AddSparkTuner</c>).
/// </summary>
public sealed class RunsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Runs";

    /// <summary>Regex with a named group <c>variant</c> applied to the application name; see <see cref="VariantRule"/>.</summary>
    public string VariantPattern { get; set; } = VariantRule.DefaultPattern;

    /// <summary>Which series identify runs.</summary>
    public DiscoveryProfile DiscoveryProfile { get; set; } = DiscoveryProfile.SparkNative;

    /// <summary>How far back a run named in a link is searched for when the link carries no range, in days (at least 1).</summary>
    public int LookbackDays { get; set; } = 15;

    /// <summary>
    /// The longest range runs are searched in, in days (1 to 3650, at least <see cref="LookbackDays"/>): a longer range —
    /// a link with <c>from=1970-01-01</c> — is refused with a message before any query (<see cref="SearchRange"/>).
    /// </summary>
    public int MaxSearchRangeDays { get; set; } = 31;

    /// <summary>
    /// The most run ids one side of a comparison may list (page links and <c>/api/compare</c> alike; at least 1).
    /// Each id costs discovery queries and a share of every metric's query, so a link cannot fan out without bound;
    /// 20 is well above the "repeat each run three to five times" a noise estimate needs.
    /// </summary>
    public int MaxRunsPerSide { get; set; } = 20;

    /// <summary>
    /// Run discovery's options as configured: the <see cref="DiscoveryProfile"/>'s preset with <see cref="VariantPattern"/>
    /// and the server's <paramref name="scrapeInterval"/> (which decides whether a run is still running).
    /// </summary>
    public RunDiscoveryOptions DiscoveryOptions(TimeSpan scrapeInterval) =>
        DiscoveryProfile.Options() with { VariantPattern = VariantPattern, ScrapeInterval = scrapeInterval, MaxSearchRange = TimeSpan.FromDays(MaxSearchRangeDays) };
}
