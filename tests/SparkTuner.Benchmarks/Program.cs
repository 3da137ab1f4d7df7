using BenchmarkDotNet.Running;
using SparkTuner.Benchmarks;

// `page URL` measures the Compare page in headless Chromium; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "page")
{
    return await PageBenchmark.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(PageBenchmark).Assembly).Run(args);
return 0;
