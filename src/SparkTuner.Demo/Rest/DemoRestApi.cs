using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SparkTuner.Demo.Rest;

/// <summary>A response of the demo REST API: HTTP status and JSON body.</summary>
/// <param name="StatusCode">200 or 404.</param>
/// <param name="Json">Body (Spark's shapes; a <c>{"message": …}</c> object for 404).</param>
public sealed record DemoRestResponse(int StatusCode, string Json);

/// <summary>
/// Spark's monitoring REST API (<c>/api/v1</c>, Spark 3.5 shapes, see REFERENCE §4) for the demo runs (DEMO DATA): the same
/// application ids, start/end times, executors and storage memory as the demo metrics. Pure: no I/O, responses are
/// built once from the manifest. Serve it with <c>sparktuner demo-rest</c>.
/// </summary>
public sealed class DemoRestApi
{
    /// <summary>Spark's date format on the wire.</summary>
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'GMT'";

    /// <summary>sparkUser of the demo apps.</summary>
    public const string SparkUser = "spark";

    private readonly Dictionary<string, DemoRestApp> _apps;
    private readonly List<DemoRestApp> _ordered;

    private DemoRestApi(IEnumerable<DemoRestApp> apps)
    {
        _ordered = apps.ToList();
        _apps = _ordered.ToDictionary(a => a.Run.AppId, StringComparer.Ordinal);
    }

    /// <summary>Application ids in run order.</summary>
    public IReadOnlyList<string> AppIds => _ordered.Select(a => a.Run.AppId).ToList();

    /// <summary>Builds the API of a generated dataset.</summary>
    public static DemoRestApi From(DemoDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new DemoRestApi(dataset.Runs.Select(r => DemoRestModelBuilder.Build(dataset.Options, r)));
    }

    /// <summary>Builds the API from a manifest (what <c>deploy/local/run</c> keeps next to the Prometheus data).</summary>
    public static DemoRestApi From(DemoManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var options = new DemoOptions
        {
            Seed = manifest.Seed,
            RunsPerVariant = manifest.RunsPerVariant,
            Executors = manifest.Executors,
            CoresPerExecutor = manifest.CoresPerExecutor,
            ExecutorMemoryBytes = manifest.ExecutorMemoryBytes,
            NRow = manifest.NRow,
            End = manifest.End,
            Workload = manifest.Workload,
        };
        var runs = manifest.Runs.Select((r, i) => new DemoRun(i, r.AppId, r.Name, r.KubernetesAppName, r.Variant, r.Repetition,
            r.Start, r.End, r.Executors, r.CoresPerExecutor, r.ExecutorMemoryBytes, r.Namespace, r.Pods, r.Phases, manifest.Workload));
        return new DemoRestApi(runs.Select(r => DemoRestModelBuilder.Build(options, r)));
    }

    /// <summary>
    /// Answers a GET. <paramref name="path"/> is the URL path (with or without the leading <c>/api/v1</c>);
    /// <paramref name="query"/> is the raw query string (<c>status</c>, <c>limit</c>, <c>offset</c>, <c>length</c> are honoured).
    /// </summary>
    public DemoRestResponse Get(string path, string? query = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var q = ParseQuery(query);
        var p = path.TrimEnd('/');
        if (p.StartsWith("/api/v1", StringComparison.Ordinal)) p = p["/api/v1".Length..];
        var parts = p.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (parts.Length == 1 && parts[0] == "version") return Ok(w => { w.WriteStartObject(); w.WriteString("spark", DemoDataset.SparkVersion); w.WriteEndObject(); });
        if (parts.Length == 0 || parts[0] != "applications") return NotFound($"unknown path: {path}");
        if (parts.Length == 1)
        {
            var list = _ordered.AsEnumerable();
            if (q.TryGetValue("status", out var status) && status.Equals("running", StringComparison.OrdinalIgnoreCase)) list = [];
            if (q.TryGetValue("limit", out var l) && int.TryParse(l, CultureInfo.InvariantCulture, out var limit)) list = list.Take(limit);
            return Ok(w => { w.WriteStartArray(); foreach (var a in list) WriteApplication(w, a); w.WriteEndArray(); });
        }

        if (!_apps.TryGetValue(parts[1], out var app)) return NotFound($"no such app: {parts[1]}");
        if (parts.Length == 2) return Ok(w => WriteApplication(w, app));
        var rest = string.Join('/', parts[2..]);
        if (parts is [_, _, "stages", var sid, var aid, "taskSummary"])
        {
            var stage = int.TryParse(sid, CultureInfo.InvariantCulture, out var id) && aid == "0" ? app.Stages.FirstOrDefault(s => s.StageId == id) : null;
            return stage is null ? NotFound($"unknown stage: {sid}/{aid}") : Ok(w => WriteTaskSummary(w, stage, q.GetValueOrDefault("quantiles")));
        }
        return rest switch
        {
            "executors" or "allexecutors" => Ok(w => WriteExecutors(w, app)),
            "jobs" => Ok(w => WriteJobs(w, app)),
            "stages" => Ok(w => WriteStages(w, app)),
            "sql" => Ok(w => WriteSql(w, app, Int(q, "offset", 0), Int(q, "length", 20))),
            "environment" => Ok(w => WriteEnvironment(w, app)),
            "storage/rdd" => Ok(w => WriteRdds(w, app)),
            _ => NotFound($"unknown path: {path}"),
        };
    }

    private static int Int(Dictionary<string, string> q, string key, int fallback) =>
        q.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var i) ? i : fallback;

    private static Dictionary<string, string> ParseQuery(string? query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query)) return result;
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            result[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return result;
    }

    private static DemoRestResponse NotFound(string message) => new(404, Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    }));

    private static DemoRestResponse Ok(Action<Utf8JsonWriter> write) => new(200, Write(write));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(w);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Date(DateTimeOffset t) => t.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static void WriteApplication(Utf8JsonWriter w, DemoRestApp app)
    {
        var run = app.Run;
        w.WriteStartObject();
        w.WriteString("id", run.AppId);
        w.WriteString("name", run.Name);
        w.WriteStartArray("attempts");
        w.WriteStartObject();
        w.WriteString("startTime", Date(run.Start));
        w.WriteString("endTime", Date(run.End));
        w.WriteString("lastUpdated", Date(run.End));
        w.WriteNumber("duration", (long)run.Duration.TotalMilliseconds);
        w.WriteString("sparkUser", SparkUser);
        w.WriteBoolean("completed", true);
        w.WriteString("appSparkVersion", DemoDataset.SparkVersion);
        w.WriteNumber("startTimeEpoch", run.Start.ToUnixTimeMilliseconds());
        w.WriteNumber("endTimeEpoch", run.End.ToUnixTimeMilliseconds());
        w.WriteNumber("lastUpdatedEpoch", run.End.ToUnixTimeMilliseconds());
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteExecutors(Utf8JsonWriter w, DemoRestApp app)
    {
        w.WriteStartArray();
        foreach (var e in app.Executors)
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("hostPort", e.HostPort);
            w.WriteBoolean("isActive", true);
            w.WriteNumber("rddBlocks", e.RddBlocks);
            w.WriteNumber("memoryUsed", e.MemoryUsed);
            w.WriteNumber("diskUsed", 0);
            w.WriteNumber("totalCores", e.Cores);
            w.WriteNumber("maxTasks", e.Cores);
            w.WriteNumber("activeTasks", 0);
            w.WriteNumber("failedTasks", 0);
            w.WriteNumber("completedTasks", e.CompletedTasks);
            w.WriteNumber("totalTasks", e.CompletedTasks);
            w.WriteNumber("totalDuration", e.TaskMs);
            w.WriteNumber("totalGCTime", e.GcMs);
            w.WriteNumber("totalInputBytes", 0);
            w.WriteNumber("totalShuffleRead", e.ShuffleRead);
            w.WriteNumber("totalShuffleWrite", e.ShuffleWrite);
            w.WriteBoolean("isBlacklisted", false);
            w.WriteNumber("maxMemory", e.MaxMemory);
            w.WriteString("addTime", Date(e.AddTime));
            w.WriteStartObject("executorLogs");
            w.WriteEndObject();
            w.WriteStartObject("memoryMetrics");
            w.WriteNumber("usedOnHeapStorageMemory", e.MemoryUsed);
            w.WriteNumber("usedOffHeapStorageMemory", 0);
            w.WriteNumber("totalOnHeapStorageMemory", e.MaxMemory);
            w.WriteNumber("totalOffHeapStorageMemory", 0);
            w.WriteEndObject();
            w.WriteStartArray("blacklistedInStages");
            w.WriteEndArray();
            w.WriteStartObject("peakMemoryMetrics");
            foreach (var (k, v) in e.Peaks) w.WriteNumber(k, v);
            w.WriteEndObject();
            w.WriteStartObject("attributes");
            w.WriteEndObject();
            w.WriteStartObject("resources");
            w.WriteEndObject();
            w.WriteNumber("resourceProfileId", 0);
            w.WriteBoolean("isExcluded", false);
            w.WriteStartArray("excludedInStages");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteJobs(Utf8JsonWriter w, DemoRestApp app)
    {
        w.WriteStartArray();
        foreach (var j in app.Jobs.OrderByDescending(j => j.JobId))
        {
            w.WriteStartObject();
            w.WriteNumber("jobId", j.JobId);
            w.WriteString("name", j.Name);
            w.WriteString("description", j.Description);
            w.WriteString("submissionTime", Date(j.Submission));
            w.WriteString("completionTime", Date(j.Completion));
            w.WriteStartArray("stageIds");
            foreach (var s in j.StageIds) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteStartArray("jobTags");
            w.WriteEndArray();
            w.WriteString("status", "SUCCEEDED");
            w.WriteNumber("numTasks", j.NumTasks);
            w.WriteNumber("numActiveTasks", 0);
            w.WriteNumber("numCompletedTasks", j.NumTasks);
            w.WriteNumber("numSkippedTasks", 0);
            w.WriteNumber("numFailedTasks", 0);
            w.WriteNumber("numKilledTasks", 0);
            w.WriteNumber("numCompletedIndices", j.NumTasks);
            w.WriteNumber("numActiveStages", 0);
            w.WriteNumber("numCompletedStages", j.StageIds.Count);
            w.WriteNumber("numSkippedStages", 0);
            w.WriteNumber("numFailedStages", 0);
            w.WriteStartObject("killedTasksSummary");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// A stage's task summary at the asked quantiles (default 0.05,0.25,0.5,0.75,0.95, as Spark). Modelled: the stage's mean task
    /// run time × (0.8 + 0.5 q), a mild spread with no skew (max ÷ median = 1.3 ÷ 1.05).
    /// </summary>
    private static void WriteTaskSummary(Utf8JsonWriter w, DemoRestStage stage, string? quantiles)
    {
        var qs = (quantiles ?? "0.05,0.25,0.5,0.75,0.95").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Math.Clamp(d, 0, 1) : 0.5).ToList();
        double mean = stage.RunMs / (double)Math.Max(1, stage.NumTasks);
        w.WriteStartObject();
        w.WriteStartArray("quantiles");
        foreach (var v in qs) w.WriteNumberValue(v);
        w.WriteEndArray();
        foreach (var name in new[] { "executorRunTime", "duration" })
        {
            w.WriteStartArray(name);
            foreach (var v in qs) w.WriteNumberValue(Math.Round(mean * (0.8 + 0.5 * v) + (name == "duration" ? 20 : 0)));
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteStages(Utf8JsonWriter w, DemoRestApp app)
    {
        w.WriteStartArray();
        foreach (var s in app.Stages.OrderByDescending(s => s.StageId))
        {
            w.WriteStartObject();
            w.WriteString("status", "COMPLETE");
            w.WriteNumber("stageId", s.StageId);
            w.WriteNumber("attemptId", 0);
            w.WriteNumber("numTasks", s.NumTasks);
            w.WriteNumber("numActiveTasks", 0);
            w.WriteNumber("numCompleteTasks", s.NumTasks);
            w.WriteNumber("numFailedTasks", 0);
            w.WriteNumber("numKilledTasks", 0);
            w.WriteNumber("numCompletedIndices", s.NumTasks);
            w.WriteString("submissionTime", Date(s.Submission));
            w.WriteString("firstTaskLaunchedTime", Date(s.Submission.AddMilliseconds(12)));
            w.WriteString("completionTime", Date(s.Completion));
            w.WriteNumber("executorDeserializeTime", s.NumTasks * 3L);
            w.WriteNumber("executorDeserializeCpuTime", s.NumTasks * 2_000_000L);
            w.WriteNumber("executorRunTime", s.RunMs);
            w.WriteNumber("executorCpuTime", s.CpuNs);
            w.WriteNumber("resultSize", s.NumTasks * 2_400L);
            w.WriteNumber("jvmGcTime", s.GcMs);
            w.WriteNumber("resultSerializationTime", s.NumTasks / 4);
            w.WriteNumber("memoryBytesSpilled", s.MemorySpilled);
            w.WriteNumber("diskBytesSpilled", s.DiskSpilled);
            w.WriteNumber("peakExecutionMemory", s.ShuffleWrite > 0 || s.ShuffleRead > 0 ? 64L * 1024 * 1024 : 0);
            w.WriteNumber("inputBytes", 0);
            w.WriteNumber("inputRecords", 0);
            w.WriteNumber("outputBytes", 0);
            w.WriteNumber("outputRecords", 0);
            w.WriteNumber("shuffleRemoteBlocksFetched", s.ShuffleRead > 0 ? s.NumTasks * 12L : 0);
            w.WriteNumber("shuffleLocalBlocksFetched", s.ShuffleRead > 0 ? s.NumTasks * 4L : 0);
            w.WriteNumber("shuffleFetchWaitTime", s.ShuffleRead > 0 ? s.RunMs / 50 : 0);
            w.WriteNumber("shuffleRemoteBytesRead", s.ShuffleRead * 3 / 4);
            w.WriteNumber("shuffleRemoteBytesReadToDisk", 0);
            w.WriteNumber("shuffleLocalBytesRead", s.ShuffleRead - s.ShuffleRead * 3 / 4);
            w.WriteNumber("shuffleReadBytes", s.ShuffleRead);
            w.WriteNumber("shuffleReadRecords", s.ShuffleRead / 64);
            w.WriteNumber("shuffleWriteBytes", s.ShuffleWrite);
            w.WriteNumber("shuffleWriteTime", s.ShuffleWrite > 0 ? s.ShuffleWrite / 40 : 0);
            w.WriteNumber("shuffleWriteRecords", s.ShuffleWrite / 64);
            w.WriteString("name", s.Name);
            w.WriteString("description", s.Description);
            w.WriteString("details", $"org.apache.spark.sql.Dataset.{s.Name.Split(' ')[0]}(Dataset.scala)\nDEMO DATA");
            w.WriteString("schedulingPool", "default");
            w.WriteStartArray("rddIds");
            foreach (var r in s.RddIds) w.WriteNumberValue(r);
            w.WriteEndArray();
            w.WriteStartArray("accumulatorUpdates");
            w.WriteEndArray();
            w.WriteStartObject("killedTasksSummary");
            w.WriteEndObject();
            w.WriteNumber("resourceProfileId", 0);
            w.WriteBoolean("isShufflePushEnabled", false);
            w.WriteNumber("shuffleMergersCount", 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteSql(Utf8JsonWriter w, DemoRestApp app, int offset, int length)
    {
        w.WriteStartArray();
        foreach (var e in app.Sql.OrderBy(e => e.Id).Skip(Math.Max(0, offset)).Take(Math.Max(0, length)))
        {
            w.WriteStartObject();
            w.WriteNumber("id", e.Id);
            w.WriteString("status", "COMPLETED");
            w.WriteString("description", e.Description);
            w.WriteString("planDescription", e.Plan);
            w.WriteString("submissionTime", Date(e.Submission));
            w.WriteNumber("duration", e.DurationMs);
            w.WriteStartArray("runningJobIds");
            w.WriteEndArray();
            w.WriteStartArray("successJobIds");
            foreach (var j in e.JobIds) w.WriteNumberValue(j);
            w.WriteEndArray();
            w.WriteStartArray("failedJobIds");
            w.WriteEndArray();
            w.WriteStartArray("nodes");
            for (int i = 0; i < e.NodeNames.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("nodeId", i);
                w.WriteString("nodeName", e.NodeNames[i]);
                w.WriteStartArray("metrics");
                if (e.NodeNames[i] is "InMemoryTableScan" or "Scan ExistingRDD")
                {
                    w.WriteStartObject();
                    w.WriteString("name", "number of output rows");
                    w.WriteString("value", "200,000");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("edges");
            for (int i = 1; i < e.NodeNames.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("fromId", i);
                w.WriteNumber("toId", i - 1);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePairs(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        w.WriteStartArray(name);
        foreach (var (k, v) in pairs)
        {
            w.WriteStartArray();
            w.WriteStringValue(k);
            w.WriteStringValue(v);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteEnvironment(Utf8JsonWriter w, DemoRestApp app)
    {
        w.WriteStartObject();
        w.WriteStartObject("runtime");
        w.WriteString("javaVersion", "17.0.10 (Eclipse Adoptium)");
        w.WriteString("javaHome", "/opt/java/openjdk");
        w.WriteString("scalaVersion", "version 2.12.18");
        w.WriteEndObject();
        WritePairs(w, "sparkProperties", app.SparkProperties);
        WritePairs(w, "hadoopProperties", []);
        WritePairs(w, "systemProperties", [new("java.vm.name", "OpenJDK 64-Bit Server VM"), new("user.name", SparkUser)]);
        WritePairs(w, "metricsProperties", [new("*.sink.prometheusServlet.class", "org.apache.spark.metrics.sink.PrometheusServlet")]);
        WritePairs(w, "classpathEntries", [new("/opt/spark/jars/spark-core_2.12-3.5.1.jar", "System Classpath")]);
        w.WriteStartArray("resourceProfiles");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRdds(Utf8JsonWriter w, DemoRestApp app)
    {
        w.WriteStartArray();
        foreach (var r in app.Rdds)
        {
            w.WriteStartObject();
            w.WriteNumber("id", r.Id);
            w.WriteString("name", r.Name);
            w.WriteNumber("numPartitions", r.NumPartitions);
            w.WriteNumber("numCachedPartitions", r.NumCachedPartitions);
            w.WriteString("storageLevel", r.StorageLevel);
            w.WriteNumber("memoryUsed", r.MemoryUsed);
            w.WriteNumber("diskUsed", r.DiskUsed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
