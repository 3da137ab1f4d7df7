using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;
using SparkTuner.Demo;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Benchmarks;

/// <summary>
/// End-to-end timing of the real data path: demo generation (1 run per variant) → promtool backfill → real Prometheus
/// → run discovery → ComparisonService.CompareAsync (every summary row and every chart series, twice: first call on a
/// cold Prometheus and a cold process, second call warm) → ChartPanelBuilder for every panel with Each.
/// Usage: e2e [--executors 200] [--hours 2] [--scrape-interval 15s] [--families executors,servlet] [--keep]
/// Prints one figure per line: <c>name: value unit</c>.
/// </summary>
public static class E2eBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var executors = 200;
        var hours = 2.0;
        var scrape = TimeSpan.FromSeconds(15);
        var familiesText = "executors,servlet";
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--executors": executors = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--hours": hours = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--scrape-interval": scrape = ParseDuration(Next()); break;
                case "--families": familiesText = Next(); break;
                default:
                    Console.Error.WriteLine("usage: e2e [--executors N] [--hours H] [--scrape-interval 15s] [--families executors,servlet,cadvisor,ksm|all]");
                    return 2;
            }
        }
        var families = ParseFamilies(familiesText);
        var dir = Path.Combine(Path.GetTempPath(), "sparktuner-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var proc = Process.GetCurrentProcess();
        Process? prometheus = null;
        Print("config.executors", executors, "executors");
        Print("config.hours", hours, "h");
        Print("config.scrape_interval", scrape.TotalSeconds, "s");
        Console.WriteLine($"config.families: {families}");
        Print("config.runs", 2, "runs (1 noncached + 1 cached)");
        Print("machine.cores", Environment.ProcessorCount, "cores");

        try
        {
            // 1. Generate.
            var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800);
            var options = new DemoOptions
            {
                Seed = 42, RunsPerVariant = 1, Executors = executors, BaseDuration = TimeSpan.FromHours(hours),
                ScrapeInterval = scrape, End = end, Families = families,
            };
            var file = Path.Combine(dir, "demo.om");
            var sw = Stopwatch.StartNew();
            var dataset = DemoGenerator.Generate(options);
            DemoWriteResult written;
            await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
            {
                written = dataset.WriteOpenMetrics(writer);
            }
            var manifest = DemoManifest.From(dataset);
            Print("generate.time", sw.Elapsed.TotalSeconds, "s");
            Print("generate.series", written.Series, "series");
            Print("generate.samples", written.Samples, "samples");
            Print("generate.bytes", new FileInfo(file).Length, "bytes");
            foreach (var r in manifest.Runs) Print($"generate.run_duration.{r.Variant}", r.DurationSeconds, "s");

            // 2. Backfill with the real promtool (TestSupport's PrometheusServer.BackfillAsync).
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            sw.Restart();
            await PrometheusServer.BackfillAsync(file, data);
            Print("promtool.backfill_time", sw.Elapsed.TotalSeconds, "s");
            Print("promtool.blocks_bytes", DirSize(data), "bytes");
            File.Delete(file);

            // 3. Start a real prometheus on that folder, on a free loopback port; stopped by its PID at the end.
            var configPath = Path.Combine(dir, "prometheus.yml");
            await File.WriteAllTextAsync(configPath, "global: { scrape_interval: 15s, evaluation_interval: 15s }\n");
            var port = PrometheusServer.FreePort();
            var psi = new ProcessStartInfo(PrometheusServer.Binary("prometheus"))
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            foreach (var a in new[] { $"--config.file={configPath}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=30d" })
            {
                psi.ArgumentList.Add(a);
            }
            sw.Restart();
            prometheus = Process.Start(psi) ?? throw new InvalidOperationException("prometheus did not start");
            prometheus.OutputDataReceived += (_, _) => { };
            prometheus.ErrorDataReceived += (_, _) => { };
            prometheus.BeginOutputReadLine();
            prometheus.BeginErrorReadLine();
            var baseUrl = $"http://127.0.0.1:{port}";
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                while (true)
                {
                    try
                    {
                        if ((await http.GetAsync(baseUrl + "/-/ready")).IsSuccessStatusCode) break;
                    }
                    catch (HttpRequestException) { }
                    catch (TaskCanceledException) { }
                    if (prometheus.HasExited) throw new InvalidOperationException("prometheus exited");
                    if (sw.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("prometheus not ready after 3 minutes");
                    await Task.Delay(50);
                }
            }
            Print("prometheus.start_time", sw.Elapsed.TotalSeconds, "s");

            using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions
            {
                BaseUrl = baseUrl, ScrapeIntervalSeconds = (int)Math.Max(1, scrape.TotalSeconds), TimeoutSeconds = 300,
            });
            sw.Restart();
            await source.VersionAsync();
            Print("prometheus.first_answer_time", sw.Elapsed.TotalSeconds, "s");

            // 4. Run discovery.
            var from = manifest.Runs[0].Start - TimeSpan.FromMinutes(10);
            var to = manifest.End + TimeSpan.FromMinutes(10);
            var discovery = new RunDiscovery(source);
            sw.Restart();
            var runs = await discovery.DiscoverAsync(from, to);
            Print("discovery.time", sw.Elapsed.TotalSeconds, "s");
            Print("discovery.runs", runs.Count, "runs");
            sw.Restart();
            runs = await discovery.DiscoverAsync(from, to);
            Print("discovery.time_second_call", sw.Elapsed.TotalSeconds, "s");

            // 5. CompareAsync: every summary row and every chart series (Groups = null).
            var catalog = MetricCatalog.Default;
            var service = new ComparisonService(source, catalog, new ComparisonServiceOptions { ScrapeInterval = scrape });
            var request = new CompareRequest(
                manifest.Runs.Where(r => r.Variant == DemoRun.NonCached).Select(r => r.AppId).ToList(),
                manifest.Runs.Where(r => r.Variant == DemoRun.Cached).Select(r => r.AppId).ToList(),
                from, to);
            ComparisonReport report = null!;
            foreach (var pass in new[] { "first", "second" })
            {
                GC.Collect();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                sw.Restart();
                report = await service.CompareAsync(request);
                Print($"compare.{pass}.time", sw.Elapsed.TotalSeconds, "s");
                Print($"compare.{pass}.allocated", GC.GetTotalAllocatedBytes(precise: true) - allocated, "bytes");
                Print($"compare.{pass}.managed_heap_after", GC.GetTotalMemory(false), "bytes");
            }
            Print("compare.rows", report.Result.Rows.Count, "rows");
            Print("compare.rows_with_value", report.Result.Rows.Count(r => r.Verdict != Verdict.NotAvailable), "rows");
            Print("compare.fetches", report.Fetches.Count, "(metric, scope) pairs");
            Print("compare.fetches_with_data", report.Fetches.Count(f => f.IsAvailable && !f.Failed && f.ByRun.Values.Any(d => !d.IsEmpty)), "pairs");
            Print("compare.fetches_failed", report.Fetches.Count(f => f.Failed), "pairs");
            foreach (var f in report.Fetches.Where(f => f.Failed)) Console.WriteLine($"compare.fetch_error.{f.MetricId}.{f.Scope}: {f.Error}");
            long series = 0, points = 0;
            foreach (var d in report.Fetches.SelectMany(f => f.ByRun.Values))
            {
                series += d.Series.Count;
                points += d.Series.Sum(s => (long)s.Count);
            }
            Print("compare.series_received", series, "series");
            Print("compare.points_received", points, "points");
            Print("compare.data_bytes_estimate", points * 16, "bytes (2 doubles per point)");

            // 6. Every panel with Each (and with Sum for comparison).
            var ids = report.BaselineRuns.Concat(report.CandidateRuns).ToList();
            foreach (var agg in new[] { ExecutorAggregation.Each, ExecutorAggregation.Sum })
            {
                GC.Collect();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var panels = 0;
                long traces = 0;
                sw.Restart();
                foreach (var f in report.Fetches.Where(f => f.IsAvailable && !f.Failed))
                {
                    var b = report.BaselineRuns.Where(r => f.ByRun.ContainsKey(r.Id)).Select(r => f.ByRun[r.Id]).ToList();
                    var c = report.CandidateRuns.Where(r => f.ByRun.ContainsKey(r.Id)).Select(r => f.ByRun[r.Id]).ToList();
                    var panel = ChartPanelBuilder.Build(catalog.GetMetric(f.MetricId), f.Scope, b, c, agg);
                    panels++;
                    traces += panel.Traces.Count;
                }
                var name = agg.ToString().ToLowerInvariant();
                Print($"charts.{name}.time", sw.Elapsed.TotalSeconds, "s");
                Print($"charts.{name}.panels", panels, "panels");
                Print($"charts.{name}.traces", traces, "traces");
                Print($"charts.{name}.allocated", GC.GetTotalAllocatedBytes(precise: true) - allocated, "bytes");
            }
            proc.Refresh();
            Print("process.total_allocated", GC.GetTotalAllocatedBytes(precise: true), "bytes");
            Print("process.peak_working_set", proc.PeakWorkingSet64, "bytes");
            Print("process.gc_heap_peak_info_max", GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes, "bytes (heap size at last GC)");
            return 0;
        }
        finally
        {
            if (prometheus is { HasExited: false })
            {
                prometheus.Kill(entireProcessTree: true);
                await prometheus.WaitForExitAsync();
            }
            prometheus?.Dispose();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###} {unit}"));

    private static long DirSize(string dir) => new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static TimeSpan ParseDuration(string text)
    {
        if (text.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture));
        if (text.EndsWith('s')) return TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture));
        if (text.EndsWith('m')) return TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
    }

    private static DemoFamilies ParseFamilies(string text)
    {
        var f = DemoFamilies.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            f |= part.ToLowerInvariant() switch
            {
                "executors" => DemoFamilies.ExecutorEndpoint,
                "servlet" => DemoFamilies.Servlet,
                "cadvisor" => DemoFamilies.Cadvisor,
                "ksm" => DemoFamilies.KubeStateMetrics,
                "all" => DemoFamilies.All,
                _ => throw new ArgumentException($"unknown family '{part}'"),
            };
        }
        return f;
    }
}
