using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Comparison;

/// <summary>
/// Randomized: counters and running peaks scraped at unaligned, jittered times with gaps, a restart (under the same
/// labels, or as a new container id: a second series), executors born before or during the run, HA copies shifted by
/// seconds (the earlier copy sees the start, the fuller one is kept), and runs that end between two scrapes. The engine's totals
/// and peaks (collapse + <see cref="RunStatistics"/>) must equal a reference computed here from the workload model
/// itself: per process segment, what the counter recorded between the scrapes that fall in the run.
/// </summary>
public class RawStatisticsPropertyTests
{
    private const double Tol = RunAlignment.ToleranceSeconds;
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Exec(string Id, double Birth, double Rate, double? Restart, double PeakRate);

    private sealed record Copy(string Replica, double[] Times);

    [Fact]
    public void Totals_And_Peaks_MatchTheWorkloadModel_500RandomRuns()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            Check(seed);
        }
    }

    private static void Check(int seed)
    {
        var rng = new Random(seed);
        var interval = rng.Next(0, 3) switch { 0 => 5.0, 1 => 15.0, _ => 30.0 };
        var s0 = RunAlignment.UnixSeconds(Epoch) + rng.Next(0, 100_000) / 1000.0;
        var duration = 8 * interval + rng.NextDouble() * 60 * interval; // ends anywhere between two scrapes
        var e0 = s0 + duration;
        var run = new SparkRun("app-" + seed, "job", FromUnix(s0), FromUnix(e0), 0, "");
        var start = RunAlignment.UnixSeconds(run.Start); // millisecond-rounded, as Prometheus and SparkRun see it
        var end = RunAlignment.UnixSeconds(run.End);
        var phase = rng.Next(0, (int)(interval * 1000)) / 1000.0;

        var executors = Enumerable.Range(1, rng.Next(1, 6)).Select(i =>
        {
            var birth = rng.NextDouble() < 0.5 ? start - rng.NextDouble() * 100 : start + rng.NextDouble() * (duration - 3 * interval);
            var rate = 0.1 + rng.NextDouble() * 4;
            double? restart = null;
            var earliest = Math.Max(start, birth) + 4 * interval;
            if (rng.NextDouble() < 0.3 && earliest < end - interval)
            {
                // just before a scrape, so the first post-restart sample is small and the drop is visible
                var k = Math.Ceiling((earliest - (start + phase)) / interval);
                restart = start + phase + k * interval - (0.05 + rng.NextDouble() * 0.45);
            }

            return new Exec(i.ToString(System.Globalization.CultureInfo.InvariantCulture), birth, rate, restart, 1 + rng.NextDouble() * 100);
        }).ToList();

        var counters = new List<TimeSeries>();
        var peaks = new List<TimeSeries>();
        var copiesOf = new Dictionary<string, List<(Copy Copy, TimeSeries Counter, TimeSeries Peak)>>();
        foreach (var x in executors)
        {
            var copies = rng.NextDouble() < 0.3 ? 2 : 1;
            for (var c = 0; c < copies; c++)
            {
                var shift = c == 0 ? 0 : 0.1 + rng.NextDouble() * 5;
                var times = new List<double>();
                for (var t = start - 3 * interval + phase + shift; t <= end + 3 * interval; t += interval)
                {
                    var jittered = Math.Round((t + (rng.NextDouble() - 0.5) * 0.1) * 1000) / 1000;
                    // A restart is only visible as a drop when the scrapes around it are there: keep them.
                    var nearRestart = x.Restart is { } r && jittered > r - 1.5 * interval && jittered < r + 1.5 * interval;
                    if (jittered < x.Birth || (!nearRestart && rng.NextDouble() < 0.15)) continue; // not yet registered, or a missed scrape
                    times.Add(jittered);
                }

                if (rng.NextDouble() < 0.2 && times.Count > 10)
                {
                    var at = rng.Next(1, times.Count - 5);
                    if (x.Restart is not { } r || times[at + 3] < r - 1.5 * interval || times[at] > r + 1.5 * interval)
                    {
                        times.RemoveRange(at, 4); // a 4-scrape hole
                    }
                }

                var copy = new Copy("replica-" + c, times.ToArray());
                var labels = new Dictionary<string, string> { ["__name__"] = "m", ["application_id"] = run.Id, ["executor_id"] = x.Id, ["prometheus_replica"] = copy.Replica };
                var counter = new TimeSeries(labels, copy.Times, copy.Times.Select(t => CounterAt(x, t, end)).ToArray());
                var peak = new TimeSeries(labels, copy.Times, copy.Times.Select(t => PeakAt(x, t, end)).ToArray());
                if (copies == 1 && x.Restart is { } restart && rng.NextDouble() < 0.5)
                {
                    // A restarted container under a new cAdvisor id: two series of one executor, one after the other.
                    foreach (var (incarnation, keep) in new[] { ("/c0", (Func<double, bool>)(t => t < restart)), ("/c1", t => t >= restart) })
                    {
                        var idx = Enumerable.Range(0, copy.Times.Length).Where(k => keep(copy.Times[k])).ToArray();
                        var l = new Dictionary<string, string>(labels) { ["id"] = incarnation };
                        counters.Add(new TimeSeries(l, idx.Select(k => counter.Timestamps[k]).ToArray(), idx.Select(k => counter.Values[k]).ToArray()));
                        peaks.Add(new TimeSeries(l, idx.Select(k => peak.Timestamps[k]).ToArray(), idx.Select(k => peak.Values[k]).ToArray()));
                    }
                }
                else
                {
                    counters.Add(counter);
                    peaks.Add(peak);
                }

                (copiesOf.TryGetValue(x.Id, out var list) ? list : copiesOf[x.Id] = []).Add((copy, counter, peak));
            }
        }

        // Shuffle so the collapse cannot rely on input order.
        var order = counters.Select((_, i) => i).OrderBy(_ => rng.Next()).ToList();
        counters = order.Select(i => counters[i]).ToList();
        peaks = order.Select(i => peaks[i]).ToList();

        // Reference, straight from the model.
        double expectedTotal = 0, expectedMaxTotal = double.NegativeInfinity, expectedPeak = double.NegativeInfinity;
        var any = false;
        var debug = new List<string>();
        foreach (var x in executors)
        {
            var kept = copiesOf[x.Id].OrderByDescending(c => c.Copy.Times.Length).ThenBy(c => c.Copy.Replica, StringComparer.Ordinal).First();
            var used = Used(kept.Copy.Times, start, end, interval);
            if (used.Count == 0) continue;
            any = true;
            // Any copy seen at the start makes the series one that was already there.
            var there = copiesOf[x.Id].Any(c => c.Copy.Times.Any(t => t <= start + Tol));
            double total = 0;
            foreach (var segment in used.GroupBy(t => x.Restart is { } r && t >= r ? 1 : 0))
            {
                var first = segment.First();
                var last = segment.Last();
                var startedBefore = segment.Key == 0 && there;
                total += CounterAt(x, last, end) - (startedBefore ? CounterAt(x, first, end) : 0);
            }

            expectedTotal += total;
            debug.Add($"exec {x.Id} birth {x.Birth - start:0.###} restart {(x.Restart - start):0.###} there {there} used {string.Join(" ", used.Select(t => $"{t - start:0.###}={CounterAt(x, t, end):0.##}"))} total {total}");
            expectedMaxTotal = Math.Max(expectedMaxTotal, total);
            // A running peak: the largest value any incarnation reached (its last scrape before a restart, or the end).
            expectedPeak = Math.Max(expectedPeak, used.Max(t => PeakAt(x, t, end)));
        }

        var context = $"seed {seed}: interval {interval}, end {end - start}, {executors.Count} executors, {counters.Count} series\n" + string.Join("\n", debug);
        var counterData = Collapsed(run, MetricKind.Counter, counters, interval);
        var peakData = Collapsed(run, MetricKind.RunningPeak, peaks, interval);
        var sum = RunStatistics.Compute(counterData, Statistic.Increase, ExecutorAggregation.Sum);
        var max = RunStatistics.Compute(counterData, Statistic.Increase, ExecutorAggregation.Max);
        var peakMax = RunStatistics.Compute(peakData, Statistic.Peak, ExecutorAggregation.Max);
        if (!any)
        {
            Assert.True(sum.Value is null, context);
            return;
        }

        AssertClose(expectedTotal, sum.Value, context + " (sum of totals)");
        AssertClose(expectedMaxTotal, max.Value, context + " (largest executor total)");
        AssertClose(expectedPeak, peakMax.Value, context + " (running peak)");
    }

    private static RunMetricData Collapsed(SparkRun run, MetricKind kind, List<TimeSeries> series, double interval)
    {
        var collapsed = SeriesIdentity.Collapse(series, ["application_id", "executor_id"]);
        return new(run, "m", MetricScope.Executor, kind, MetricUnit.Seconds, collapsed.Kept, "executor_id")
        {
            RawSamples = true,
            ClosingSeconds = interval,
            FirstSeen = collapsed.FirstSeen,
        };
    }

    /// <summary>The samples a run uses: those inside it, then the first one within one interval after its end.</summary>
    private static List<double> Used(double[] times, double start, double end, double interval)
    {
        var used = times.Where(t => t >= start - Tol && t <= end + Tol).ToList();
        var closing = times.Where(t => t > end + Tol && t <= end + interval + Tol).Take(1);
        return used.Concat(closing).ToList();
    }

    /// <summary>Work done since the process (re)started; work stops when the application ends.</summary>
    private static double CounterAt(Exec x, double t, double end)
    {
        var from = x.Restart is { } r && t >= r ? r : x.Birth;
        return x.Rate * (Math.Min(t, end) - from);
    }

    private static double PeakAt(Exec x, double t, double end)
    {
        var from = x.Restart is { } r && t >= r ? r : x.Birth;
        return x.PeakRate * Math.Sqrt(Math.Max(0, Math.Min(t, end) - from));
    }

    private static void AssertClose(double expected, double? actual, string context)
    {
        Assert.True(actual is { } a && Math.Abs(a - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{context}: expected {expected}, got {actual?.ToString() ?? "n/a"}");
    }

    private static DateTimeOffset FromUnix(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
}
