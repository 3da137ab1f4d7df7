using System.Globalization;

namespace SparkTuner.Demo;

/// <summary>Writes OpenMetrics lines and feeds each one to a <see cref="OpenMetricsValidator"/> as it goes.</summary>
internal sealed class OpenMetricsOutput(TextWriter writer)
{
    private readonly OpenMetricsValidator _validator = new();
    private readonly char[] _buf = new char[64];
    private string? _lastSeries;

    public long Series { get; private set; }
    public long Samples { get; private set; }
    public long Families { get; private set; }

    public void Family(string name, string type, string help)
    {
        _validator.Family(name, type);
        writer.Write("# TYPE ");
        writer.Write(name);
        writer.Write(' ');
        writer.Write(type);
        writer.Write('\n');
        var helpLine = "# HELP " + name + " " + help;
        _validator.Line(helpLine);
        writer.Write(helpLine);
        writer.Write('\n');
        Families++;
    }

    /// <param name="sampleName">metric name of the line (family name, or family + _total for counters)</param>
    /// <param name="series">the full <c>name{labels}</c> text</param>
    /// <param name="value">sample value</param>
    /// <param name="unixMs">timestamp, written as seconds with 3 decimals</param>
    public void Sample(string sampleName, string series, double value, long unixMs)
    {
        _validator.Sample(sampleName, series, unixMs / 1000.0);
        if (!ReferenceEquals(series, _lastSeries))
        {
            Series++;
            _lastSeries = series;
        }
        writer.Write(series);
        writer.Write(' ');
        int n;
        if (value == Math.Floor(value) && Math.Abs(value) < 9e15)
        {
            ((long)value).TryFormat(_buf, out n, default, CultureInfo.InvariantCulture);
        }
        else
        {
            value.TryFormat(_buf, out n, "R", CultureInfo.InvariantCulture);
        }
        writer.Write(_buf, 0, n);
        writer.Write(' ');
        (unixMs / 1000).TryFormat(_buf, out n, default, CultureInfo.InvariantCulture);
        _buf[n++] = '.';
        (unixMs % 1000).TryFormat(_buf.AsSpan(n), out int m, "D3", CultureInfo.InvariantCulture);
        n += m;
        _buf[n++] = '\n';
        writer.Write(_buf, 0, n);
        Samples++;
    }

    public OpenMetricsValidationResult Finish()
    {
        _validator.Eof();
        writer.Write("# EOF\n");
        writer.Flush();
        return _validator.Complete();
    }
}
