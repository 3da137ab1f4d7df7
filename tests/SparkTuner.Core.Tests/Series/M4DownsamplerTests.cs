using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Series;

public class M4DownsamplerTests
{
    [Fact]
    public void Downsample_SmallInput_ReturnedUnchanged()
    {
        double[] x = [0, 1, 2, 3];
        double[] y = [1, 5, 2, 4];
        var (dx, dy) = M4Downsampler.Downsample(x, y, columns: 1);
        Assert.Same(x, dx);
        Assert.Same(y, dy);
    }

    [Fact]
    public void Downsample_SingleSpikeBetweenColumns_PeakKept()
    {
        // 100,000 samples of a flat line with one spike: 200 columns must keep the spike and both ends.
        var n = 100_000;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var y = Enumerable.Repeat(1.0, n).ToArray();
        y[54_321] = 42;
        y[77_777] = -7;
        var (dx, dy) = M4Downsampler.Downsample(x, y, columns: 200);
        Assert.True(dx.Length <= 4 * 200, $"{dx.Length} points");
        Assert.Contains(42.0, dy);
        Assert.Contains(-7.0, dy);
        Assert.Equal(0, dx[0]);
        Assert.Equal(n - 1, dx[^1]);
    }

    [Fact]
    public void Downsample_RandomSeries_ExtremaAndOrderPreservedPerColumn()
    {
        var rng = new Random(7);
        var n = 20_000;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = i * 0.5 + rng.NextDouble() * 0.1;
            y[i] = rng.NextDouble() * 100;
        }
        var (dx, dy) = M4Downsampler.Downsample(x, y, columns: 300);
        Assert.Equal(y.Max(), dy.Max());
        Assert.Equal(y.Min(), dy.Min());
        for (var i = 1; i < dx.Length; i++)
        {
            Assert.True(dx[i] > dx[i - 1], "x strictly ascending");
        }
        Assert.True(dx.Length <= 1200);
    }

    [Fact]
    public void Downsample_NaNRun_KeptAsOneGapMarkerPerColumn()
    {
        var n = 1000;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var y = x.Select(v => v is >= 400 and < 600 ? double.NaN : v).ToArray();
        var (_, dy) = M4Downsampler.Downsample(x, y, columns: 10);
        var gaps = dy.Count(double.IsNaN);
        Assert.InRange(gaps, 1, 3);
        Assert.Equal(999, dy.Where(double.IsFinite).Max());
    }

    [Fact]
    public void Downsample_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => M4Downsampler.Downsample([1, 2], [1], 10));
    }
}
