using System.Text.Json;

namespace SparkTuner.Core.Runs;

/// <summary>
/// A run as the HTTP API and the CLI print it (times RFC 3339 UTC, duration in seconds). <see cref="State"/> is
/// <c>"running"</c> or <c>"completed"</c> (<see cref="RunStates.Name"/>); a running run's end and duration are so far.
/// </summary>
public sealed record RunDto(string Id, string Name, DateTimeOffset Start, DateTimeOffset End, double DurationSeconds, int Executors, string Variant, string State)
{
    public static RunDto From(SparkRun run) =>
        new(run.Id, run.Name, run.Start.ToUniversalTime(), run.End.ToUniversalTime(), Math.Round(run.Duration.TotalSeconds, 3), run.Executors, run.Variant,
            RunStates.Name(run.State));
}

/// <summary>The one JSON shape of a run list, shared by <c>GET /api/runs</c> and <c>sparktuner runs --json</c>.</summary>
public static class RunJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Serialize(IEnumerable<SparkRun> runs) => JsonSerializer.Serialize(runs.Select(RunDto.From).ToList(), Options);
}
