using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>
/// The tests every truth case runs, on each backend: run discovery over the case's range gives the runs of
/// expected.json with their times, executors, names and variants; the comparison of its two runs gives the summary
/// values of expected.json; and Prometheus and VictoriaMetrics give the same summary. A case class adds its own facts.
/// Every mismatch of a test is listed in its failure message (expected vs actual), not only the first.
/// </summary>
public abstract class TruthCaseTests<TFixture>(TFixture fx) : IClassFixture<TFixture>
    where TFixture : TruthCaseFixture
{
    /// <summary>Relative tolerance of the truth values (the generators' values are exact; 1 % is what the cases allow).</summary>
    public const double Tolerance = 0.01;

    /// <summary>The case's fixture, for the tests of one case.</summary>
    protected TFixture Fixture => fx;

    /// <summary>Times of runs are compared to the millisecond (Prometheus stores milliseconds).</summary>
    public static readonly TimeSpan TimeTolerance = TimeSpan.FromMilliseconds(1);

    /// <summary>expected.json keys read as a summary row of the same id.</summary>
    public static readonly IReadOnlyList<string> RowKeys =
    [
        "task_time_seconds", "shuffle_read_bytes", "driver_jvm_heap_peak_bytes", "executor_jvm_heap_peak_bytes",
        "executor_storage_memory_peak_bytes", "driver_cpu_seconds", "driver_working_set_peak_bytes", "executor_working_set_peak_bytes",
    ];

    /// <summary>expected.json keys of a finished run's duration (seconds): the duration_seconds row and <see cref="SparkRun.Duration"/>.</summary>
    public static readonly IReadOnlyList<string> DurationKeys = ["duration_s", "expected_duration_s"];

    protected TFixture Fx => fx;

    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task DiscoverAsync_TruthCase_RunsMatchExpected(string backend)
    {
        var runs = await fx.DiscoverAsync(backend);

        var check = new TruthCheck($"{fx.CaseName} on {backend}, DiscoverAsync");
        foreach (var truth in fx.Case.Runs)
        {
            var run = runs.SingleOrDefault(r => r.Id == truth.Id);
            if (run is null)
            {
                check.Fail($"{truth.Id}: not discovered (found: [{string.Join(", ", runs.Select(r => r.Id))}])");
                continue;
            }
            CheckRun(check, truth, run);
        }
        check.Assert();
    }

    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public Task CompareAsync_TruthCase_SummaryRowsMatchExpected(string backend) => SummaryRowsMatchExpectedAsync(backend);

    /// <summary>The same truth with every statistic Prometheus can reduce exactly computed by Prometheus (ServerReduction).</summary>
    [Fact]
    public Task CompareAsync_ReducedByPrometheus_SummaryRowsMatchExpected() => SummaryRowsMatchExpectedAsync(TruthCaseFixture.PrometheusReduced);

    /// <summary>
    /// Reduced by Prometheus or read from raw samples, every row is the same number (or n/a alike): the reduction
    /// computes the raw-sample rules, and falls back to raw samples wherever it cannot.
    /// </summary>
    [Fact]
    public async Task CompareAsync_ReducedByPrometheus_SameRowsAsRawSamples()
    {
        var raw = await fx.CompareAsync(TruthCaseFixture.PrometheusRaw);
        var reduced = await fx.CompareAsync(TruthCaseFixture.PrometheusReduced);

        var check = new TruthCheck($"{fx.CaseName}, reduced by Prometheus vs raw samples");
        Assert.Equal(raw.Result.Rows.Select(r => r.Metric), reduced.Result.Rows.Select(r => r.Metric));
        foreach (var (a, b) in raw.Result.Rows.Zip(reduced.Result.Rows))
        {
            check.Same($"{a.Metric} baseline", a.Baseline, b.Baseline, 1e-12, a.Note, b.Note);
            check.Same($"{a.Metric} candidate", a.Candidate, b.Candidate, 1e-12, a.Note, b.Note);
        }
        check.Assert();
    }

    private async Task SummaryRowsMatchExpectedAsync(string backend)
    {
        var report = await fx.CompareAsync(backend);

        var check = new TruthCheck($"{fx.CaseName} on {backend}, CompareAsync");
        var rows = report.Result.Rows.ToDictionary(r => r.Metric, StringComparer.Ordinal);
        foreach (var (truth, side) in new[] { (fx.Case.Baseline, "baseline"), (fx.Case.Candidate, "candidate") })
        {
            foreach (var key in RowKeys.Concat(DurationKeys))
            {
                if (truth.Number(key) is not { } expected) continue;
                var rowId = DurationKeys.Contains(key) ? "duration_seconds" : key;
                if (!rows.TryGetValue(rowId, out var row))
                {
                    check.Fail($"{truth.Id} {key}: no row '{rowId}' in the summary");
                    continue;
                }
                var actual = side == "baseline" ? row.Baseline : row.Candidate;
                check.Near($"{truth.Id} ({side}) {key} -> row {rowId}", expected, actual, Tolerance, row.Note);
            }
        }
        check.Assert();
    }

    [Fact]
    public async Task CompareAsync_PrometheusAndVictoriaMetrics_SameSummaryRows()
    {
        var prometheus = await fx.CompareAsync(TruthCaseFixture.Prometheus);
        var victoria = await fx.CompareAsync(TruthCaseFixture.VictoriaMetrics);

        var check = new TruthCheck($"{fx.CaseName}, Prometheus vs VictoriaMetrics");
        var p = prometheus.Result.Rows;
        var v = victoria.Result.Rows;
        if (!p.Select(r => r.Metric).SequenceEqual(v.Select(r => r.Metric)))
        {
            check.Fail($"row ids differ: [{string.Join(", ", p.Select(r => r.Metric))}] vs [{string.Join(", ", v.Select(r => r.Metric))}]");
        }
        foreach (var (a, b) in p.Zip(v).Where(x => x.First.Metric == x.Second.Metric))
        {
            check.Same($"{a.Metric} baseline", a.Baseline, b.Baseline, 1e-9, a.Note, b.Note);
            check.Same($"{a.Metric} candidate", a.Candidate, b.Candidate, 1e-9, a.Note, b.Note);
        }
        check.Assert();
    }

    /// <summary>Identity, times, duration, executors, name, variant and state of one run against expected.json.</summary>
    internal static void CheckRun(TruthCheck check, TruthRun truth, SparkRun run)
    {
        var id = truth.Id;
        foreach (var key in new[] { "start", "app_start" })
        {
            if (truth.Time(key) is { } t) check.Time($"{id} {key} -> Start", t, run.Start, TimeTolerance);
        }
        foreach (var key in new[] { "end", "app_end" })
        {
            if (truth.Time(key) is { } t) check.Time($"{id} {key} -> End", t, run.End, TimeTolerance);
        }
        foreach (var key in DurationKeys.Append("duration_so_far_s"))
        {
            if (truth.Number(key) is { } s) check.Time($"{id} {key} -> Duration", TimeSpan.FromSeconds(s), run.Duration, TimeTolerance);
        }
        if (truth.Number("executors") is { } executors) check.Equal($"{id} executors", (int)executors, run.Executors);
        if (truth.Text("name") is { } name) check.Equal($"{id} name", name, run.Name);
        if (truth.Text("variant") is { } variant) check.Equal($"{id} variant", variant, run.Variant);
        if (truth.Text("state") is { } state)
        {
            // expected.json says "finished" or "RUNNING (last sample … before now)".
            var want = state.StartsWith("RUNNING", StringComparison.OrdinalIgnoreCase) ? RunState.Running : RunState.Completed;
            check.Equal($"{id} state ('{state}')", want, run.State);
        }
    }
}

/// <summary>Collects every mismatch of a test and fails once, listing them all with expected and actual values.</summary>
internal sealed class TruthCheck(string what)
{
    private readonly List<string> _failures = [];

    public void Fail(string message) => _failures.Add(message);

    public void Near(string label, double expected, double? actual, double tolerance, string? note = null)
    {
        if (actual is not { } a)
        {
            Fail($"{label}: expected {TruthRun.Format(expected)}, actual n/a{(note is null ? "" : $" ({note})")}");
            return;
        }
        var bound = tolerance * Math.Abs(expected);
        if (!(Math.Abs(a - expected) <= bound))
        {
            Fail($"{label}: expected {TruthRun.Format(expected)}, actual {TruthRun.Format(a)} ({RelativeText(expected, a)}){(note is null ? "" : $"; note: {note}")}");
        }
    }

    public void Same(string label, double? a, double? b, double relative, string? noteA, string? noteB)
    {
        var same = (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x == y || Math.Abs(x - y) <= relative * Math.Max(Math.Abs(x), Math.Abs(y)),
            _ => false,
        };
        if (!same)
        {
            Fail($"{label}: Prometheus {TruthRun.Format(a)}{(noteA is null ? "" : $" ({noteA})")}, VictoriaMetrics {TruthRun.Format(b)}{(noteB is null ? "" : $" ({noteB})")}");
        }
    }

    public void Time(string label, DateTimeOffset expected, DateTimeOffset actual, TimeSpan tolerance)
    {
        if ((actual - expected).Duration() > tolerance)
        {
            Fail($"{label}: expected {expected:O}, actual {actual:O} ({(actual - expected).TotalSeconds:+0.###;-0.###} s)");
        }
    }

    public void Time(string label, TimeSpan expected, TimeSpan actual, TimeSpan tolerance)
    {
        if ((actual - expected).Duration() > tolerance)
        {
            Fail($"{label}: expected {expected.TotalSeconds:0.###} s, actual {actual.TotalSeconds:0.###} s");
        }
    }

    public void Equal<T>(string label, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Fail($"{label}: expected '{expected}', actual '{actual}'");
        }
    }

    public void Assert()
    {
        if (_failures.Count > 0)
        {
            Xunit.Assert.Fail($"{what}: {_failures.Count} mismatch(es)\n  " + string.Join("\n  ", _failures));
        }
    }

    private static string RelativeText(double expected, double actual) =>
        expected == 0 ? "expected 0" : $"{(actual - expected) / Math.Abs(expected) * 100:+0.##;-0.##} %";
}
