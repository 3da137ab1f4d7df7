using System.Globalization;
using SparkTuner.Core.Diagnostics;

namespace SparkTuner.Web.Model;

/// <summary>
/// What the Data source page shows, built from a Core <see cref="DoctorReport"/> by <see cref="From"/>: every text and
/// label is decided here, so the page only lays it out.
/// </summary>
/// <param name="ServerUrl">The base URL checked.</param>
/// <param name="Reachable">Whether it answered.</param>
/// <param name="ServerSummary">"reachable, version 2.42.0", "reachable, version unknown" or "not reachable: …".</param>
/// <param name="RunId">The run checked, or null.</param>
/// <param name="RunMessage">Which run was checked and why, or why none was (null when unreachable).</param>
/// <param name="ScrapeMessage">Scrape interval detected against configured (null when unreachable).</param>
/// <param name="ScrapeMismatch">True when they differ by more than 10 %.</param>
/// <param name="Status">Healthy, problems or failed.</param>
/// <param name="StatusText">One line for the status.</param>
/// <param name="Findings">What to fix, most severe first.</param>
/// <param name="Profiles">Every catalog profile with its checks.</param>
/// <param name="Duplicates">Duplicated series.</param>
/// <param name="DuplicatesNote">What was checked for duplicates when none are listed.</param>
/// <param name="Errors">Checks that failed with a data-source error.</param>
/// <param name="CheckedAt">When the check ran.</param>
public sealed record DataSourcePageModel(
    string ServerUrl,
    bool Reachable,
    string ServerSummary,
    string? RunId,
    string? RunMessage,
    string? ScrapeMessage,
    bool ScrapeMismatch,
    DoctorStatus Status,
    string StatusText,
    IReadOnlyList<FindingRow> Findings,
    IReadOnlyList<ProfileSection> Profiles,
    IReadOnlyList<DuplicateRow> Duplicates,
    string DuplicatesNote,
    IReadOnlyList<string> Errors,
    DateTimeOffset CheckedAt)
{
    /// <summary>The page's path.</summary>
    public const string Path = "/datasource";

    /// <summary>"What to fix" when a finding is a warning or a problem, else "Notes".</summary>
    public string FindingsHeading => Findings.Any(f => f.Severity >= FindingSeverity.Warning) ? "What to fix" : "Notes";

    /// <summary>The page's URL for <paramref name="runId"/> (null or blank: the most recent run).</summary>
    public static string Url(string? runId) =>
        string.IsNullOrWhiteSpace(runId) ? Path : $"{Path}?run={Uri.EscapeDataString(runId.Trim())}";

    /// <summary>The API's URL for the same check.</summary>
    public static string ApiUrl(string? runId) =>
        string.IsNullOrWhiteSpace(runId) ? "/api/doctor" : $"/api/doctor?run={Uri.EscapeDataString(runId.Trim())}";

    /// <summary>Builds the page's model from <paramref name="report"/>.</summary>
    public static DataSourcePageModel From(DoctorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var status = report.Status switch
        {
            DoctorStatus.Healthy => "Healthy: every metric the enabled profiles read exists for the run checked.",
            DoctorStatus.Problems => $"{Count(report.Findings.Count(f => f.Severity >= FindingSeverity.Warning), "thing")} to fix: see below.",
            _ => report.Server.Reachable
                ? $"{Count(report.Errors.Count, "check")} failed with a data-source error; the rest of the report stands."
                : "Prometheus is not reachable: nothing could be checked.",
        };
        var duplicatesNote = report.Run?.Run is null
            ? "Duplicates are looked for in a run's window; no run was found."
            : "No duplicated series in the run's window.";
        return new DataSourcePageModel(
            report.Server.Url,
            report.Server.Reachable,
            report.Server.Summary,
            report.Run?.Run?.Id,
            report.Run?.Message,
            report.ScrapeInterval?.Message,
            report.ScrapeInterval?.Mismatch == true,
            report.Status,
            status,
            report.Findings.Select(FindingRow.From).ToList(),
            report.Profiles.Select(ProfileSection.From).ToList(),
            report.Duplicates.Select(DuplicateRow.From).ToList(),
            duplicatesNote,
            report.Errors,
            report.CheckedAt);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : string.Create(CultureInfo.InvariantCulture, $"{n} {noun}s");
}

/// <summary>One finding: severity, what to do, the setting and where it shows.</summary>
public sealed record FindingRow(FindingSeverity Severity, string SeverityLabel, HintKind Kind, string Message, string? Setting, string Where)
{
    /// <summary>From a Core finding; "seen in" lists at most six places.</summary>
    public static FindingRow From(DoctorFinding f) => new(
        f.Severity,
        f.Severity switch { FindingSeverity.Problem => "Problem", FindingSeverity.Warning => "Warning", _ => "Info" },
        f.Hint.Kind,
        f.Hint.Message,
        f.Hint.Setting,
        f.Where.Count <= 6 ? string.Join("; ", f.Where) : string.Join("; ", f.Where.Take(6)) + $"; and {f.Where.Count - 6} more");
}

/// <summary>One profile's checks.</summary>
public sealed record ProfileSection(string Name, bool Enabled, string Description, int Found, int Missing, int Errors, IReadOnlyList<CheckRow> Rows)
{
    /// <summary>"14 found, 0 missing".</summary>
    public string Counts => Errors > 0 ? $"{Found} found, {Missing} missing, {Errors} failed" : $"{Found} found, {Missing} missing";

    /// <summary>From a Core profile check.</summary>
    public static ProfileSection From(ProfileCheck p) => new(
        p.Name, p.Enabled, p.Description, p.Found, p.Missing, p.Metrics.Count(m => m.Status == CheckStatus.Error),
        p.Metrics.Select(m => CheckRow.From(m, p.Enabled)).ToList());
}

/// <summary>One metric × scope of a profile.</summary>
/// <param name="Metric">Display name.</param>
/// <param name="Scope">"driver" or "executor".</param>
/// <param name="Status">Found, missing or error.</param>
/// <param name="StatusLabel">"found", "found (names)", "missing", "failed".</param>
/// <param name="RowsUse">"yes", "no: an earlier profile provides it", "no: profile disabled".</param>
/// <param name="UsedForRows">True when the comparison's rows read it from this profile.</param>
/// <param name="Series">Series count, or "–".</param>
/// <param name="Need">What a missing one needs (or the error), or null.</param>
/// <param name="Setting">The setting that fixes it, or null.</param>
/// <param name="Query">The PromQL or names checked.</param>
public sealed record CheckRow(string Metric, string Scope, CheckStatus Status, string StatusLabel, string RowsUse, bool UsedForRows, string Series, string? Need, string? Setting, string Query)
{
    /// <summary>From a Core check.</summary>
    public static CheckRow From(MetricCheck m, bool profileEnabled) => new(
        m.DisplayName,
        m.Scope.ToString().ToLowerInvariant(),
        m.Status,
        m.Status switch
        {
            CheckStatus.Found => m.Basis == "names" ? "found (names)" : "found",
            CheckStatus.Missing => "missing",
            _ => "failed",
        },
        m.UsedForRows ? "yes" : profileEnabled ? "no: an earlier profile provides it" : "no: profile disabled",
        m.UsedForRows,
        m.Status == CheckStatus.Found ? m.Series.ToString(CultureInfo.InvariantCulture) : "–",
        m.Hint?.Message ?? m.Error,
        m.Hint?.Setting,
        m.Query);
}

/// <summary>One duplicated kind of series.</summary>
public sealed record DuplicateRow(string Profile, string What, string Identities, string Copies, string DifferIn, string Example, string Message, string? Setting)
{
    /// <summary>From a Core duplicate finding.</summary>
    public static DuplicateRow From(DuplicateFinding d) => new(
        d.Profile,
        d.What,
        d.Identities.ToString(CultureInfo.InvariantCulture),
        d.Copies.ToString(CultureInfo.InvariantCulture),
        d.DifferingLabels.Count == 0 ? "–" : string.Join(", ", d.DifferingLabels),
        string.Join(", ", d.Example.Select(kv => $"{kv.Key}=\"{kv.Value}\"")),
        d.Hint.Message,
        d.Hint.Setting);
}
