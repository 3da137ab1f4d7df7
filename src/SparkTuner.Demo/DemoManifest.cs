using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparkTuner.Demo;

/// <summary>One run in a <see cref="DemoManifest"/>.</summary>
public sealed record DemoManifestRun(
    string AppId,
    string Name,
    string Variant,
    int Repetition,
    DateTimeOffset Start,
    DateTimeOffset End,
    double DurationSeconds,
    int Executors,
    int CoresPerExecutor,
    long ExecutorMemoryBytes,
    string Namespace,
    string KubernetesAppName,
    IReadOnlyList<DemoPod> Pods,
    IReadOnlyList<DemoPhase> Phases);

/// <summary>The truth behind a demo OpenMetrics file (JSON), for tests and scripts. <see cref="Demo"/> is always true.</summary>
public sealed record DemoManifest(
    string Generator,
    bool Demo,
    long Seed,
    int RunsPerVariant,
    int Executors,
    int CoresPerExecutor,
    long ExecutorMemoryBytes,
    double ScrapeIntervalSeconds,
    DateTimeOffset End,
    long NRow,
    IReadOnlyList<DemoManifestRun> Runs,
    DemoWorkload Workload = DemoWorkload.Cartesian)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Builds the manifest of a dataset.</summary>
    public static DemoManifest From(DemoDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var o = dataset.Options;
        return new DemoManifest(
            "SparkTuner demo generator (DEMO DATA, not captured from Spark)", true, o.Seed, o.RunsPerVariant, o.Executors,
            o.CoresPerExecutor, o.ExecutorMemoryBytes, o.ScrapeInterval.TotalSeconds, o.End!.Value, o.NRow,
            dataset.Runs.Select(r => new DemoManifestRun(r.AppId, r.Name, r.Variant, r.Repetition, r.Start, r.End,
                r.Duration.TotalSeconds, r.Executors, r.CoresPerExecutor, r.ExecutorMemoryBytes, r.Namespace, r.KubernetesAppName,
                r.Pods, r.Phases)).ToArray(), o.Workload);
    }

    /// <summary>Indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    public static DemoManifest FromJson(string json) =>
        JsonSerializer.Deserialize<DemoManifest>(json, Json) ?? throw new JsonException("empty demo manifest");
}
