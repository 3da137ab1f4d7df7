using BenchmarkDotNet.Attributes;
using SparkTuner.Clients.Prometheus;

namespace SparkTuner.Benchmarks;

/// <summary>Parse of a query_range matrix answer through the public parser API.</summary>
[MemoryDiagnoser]
public class PrometheusParseBenchmarks
{
    private byte[] _json = [];

    /// <summary>series × points.</summary>
    [Params("200x1500", "50x1440")]
    public string Shape { get; set; } = "200x1500";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        _json = Synthetic.MatrixJson(int.Parse(parts[0]), int.Parse(parts[1]), 5, seed: 7);
        Console.WriteLine($"// json bytes: {_json.Length}");
    }

    [Benchmark]
    public int ParseMatrix()
    {
        var envelope = PrometheusResponseParser.Parse<PrometheusQueryData>(_json, PrometheusResponseParser.ReadQueryData);
        return ((PrometheusMatrix)envelope.Data!).Series.Count;
    }
}
