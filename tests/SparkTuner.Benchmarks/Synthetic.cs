using System.Globalization;
using System.Text;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Benchmarks;

/// <summary>Deterministic synthetic inputs (fixed seeds): runs, executor series, Prometheus JSON.</summary>
public static class Synthetic
{
    /// <summary>2024-11-25T15:53:20Z, the first timestamp of every synthetic run.</summary>
    public const double Origin = 1732550000;

    public static SparkRun Run(int index, string variant, int executors, int points, double stepSeconds)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds((long)((Origin + index * (points * stepSeconds + 600)) * 1000));
        return new SparkRun($"spark-{index:000}", $"cartesian-{variant}", start, start.AddSeconds((points - 1) * stepSeconds), executors, variant);
    }

    /// <summary>One series per executor on the run's grid: a gauge (noisy wave) or a counter (non-decreasing).</summary>
    public static IReadOnlyList<TimeSeries> ExecutorSeries(SparkRun run, int executors, int points, double stepSeconds, bool counter, int seed)
    {
        var rng = new Random(seed);
        var t0 = run.Start.ToUnixTimeMilliseconds() / 1000.0;
        var list = new List<TimeSeries>(executors);
        for (var e = 0; e < executors; e++)
        {
            var ts = new double[points];
            var vs = new double[points];
            var level = 1e9 * (1 + rng.NextDouble());
            var acc = 0.0;
            for (var i = 0; i < points; i++)
            {
                ts[i] = t0 + i * stepSeconds;
                if (counter)
                {
                    acc += rng.NextDouble() * 3;
                    vs[i] = acc;
                }
                else
                {
                    vs[i] = level * (0.6 + 0.3 * Math.Sin(i / 40.0 + e) + 0.1 * rng.NextDouble());
                }
            }
            list.Add(new TimeSeries(Labels(run.Id, e.ToString(CultureInfo.InvariantCulture)), ts, vs));
        }
        return list;
    }

    public static Dictionary<string, string> Labels(string appId, string executor) => new(StringComparer.Ordinal)
    {
        ["__name__"] = "metrics_executor_memoryUsed_bytes",
        ["application_id"] = appId,
        ["application_name"] = "cartesian-200k-cached",
        ["executor_id"] = executor,
        ["instance"] = "10.0.0.12:4040",
        ["job"] = "spark",
        ["namespace"] = "spark-demo",
    };

    /// <summary>The data of one run for one (metric, scope): gauges and counters are shared between metrics of that kind.</summary>
    public static RunMetricData Data(SparkRun run, MetricDefinition metric, MetricScope scope, IReadOnlyList<TimeSeries> executorSeries) =>
        new(run, metric.Id, scope, metric.Kind, metric.Unit,
            scope == MetricScope.Driver ? [executorSeries[0] with { Labels = Labels(run.Id, "driver") }] : executorSeries,
            scope == MetricScope.Executor ? "executor_id" : null);

    /// <summary>A query_range answer as Prometheus sends it (float seconds with millis, values as Go float strings).</summary>
    public static byte[] MatrixJson(int series, int points, double stepSeconds, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(series * points * 32);
        sb.Append("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        for (var s = 0; s < series; s++)
        {
            if (s > 0) sb.Append(',');
            sb.Append("{\"metric\":{");
            var first = true;
            foreach (var (k, v) in Labels("spark-4f6c2a9e1b7d4c3e8a5f0b2d6e9c1a7f", s.ToString(CultureInfo.InvariantCulture)))
            {
                if (!first) sb.Append(',');
                first = false;
                sb.Append('"').Append(k).Append("\":\"").Append(v).Append('"');
            }
            sb.Append("},\"values\":[");
            for (var i = 0; i < points; i++)
            {
                if (i > 0) sb.Append(',');
                var t = Origin + 0.123 + i * stepSeconds;
                var v = Math.Round(1e6 * (1 + rng.NextDouble()) * (1 + Math.Sin(i / 50.0)), 1 + rng.Next(6));
                sb.Append('[').Append(t.ToString("0.###", CultureInfo.InvariantCulture)).Append(",\"")
                  .Append(v.ToString("R", CultureInfo.InvariantCulture)).Append("\"]");
            }
            sb.Append("]}");
        }
        sb.Append("]}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
