using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SparkTuner.Benchmarks;

// `page URL` measures the Compare page in headless Chromium; `e2e` times the real data path (demo → promtool →
// Prometheus → ComparisonService); `load` prints issue 11's ratios (queries, cache, concurrency, RSS, deadline) against
// the built dashboard; `bench-quick [--filter …]` runs every BenchmarkDotNet class in-process with
// ShortRun; `shot URL FILE [SELECTOR]` saves what a user sees; anything else goes to BenchmarkSwitcher.
if (args.Length > 0 && args[0] == "page")
{
    return await PageBenchmark.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "timing")
{
    return await TimingProbe.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "shot")
{
    return await Screenshot.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "load")
{
    return await LoadBenchmark.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "snapshot")
{
    return await SnapshotBenchmark.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "e2e")
{
    return await E2eBenchmark.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "bench-quick")
{
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default);
    var rest = args.Length > 1 ? args[1..] : ["--filter", "*"];
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(PageBenchmark).Assembly).Run(rest, config).ToList();
    var logger = ConsoleLogger.Default;
    logger.WriteLine();
    logger.WriteLine("======== bench-quick summary tables ========");
    foreach (var summary in summaries)
    {
        MarkdownExporter.Console.ExportToLog(summary, logger);
    }
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
BenchmarkSwitcher.FromAssembly(typeof(PageBenchmark).Assembly).Run(args);
return 0;
