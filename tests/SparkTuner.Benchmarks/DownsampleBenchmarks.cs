using BenchmarkDotNet.Attributes;
using SparkTuner.Core.Series;

namespace SparkTuner.Benchmarks;

/// <summary>M4 downsampling to the default plot width (1,200 columns).</summary>
[MemoryDiagnoser]
public class DownsampleBenchmarks
{
    private double[] _x = [], _y = [];

    [Params(1_000_000, 1_440)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(11);
        _x = new double[Points];
        _y = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            _x[i] = Synthetic.Origin + i * 0.5;
            _y[i] = Math.Sin(i / 1000.0) * 100 + rng.NextDouble() * 10;
        }
    }

    [Benchmark]
    public int M4To1200() => M4Downsampler.Downsample(_x, _y, 1200).X.Length;
}
