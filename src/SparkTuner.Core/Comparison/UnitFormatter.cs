using System.Globalization;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Human-readable numbers for the web page, the CLI table and reports (invariant culture, binary byte prefixes).
/// </summary>
public static class UnitFormatter
{
    private static readonly string[] s_bytePrefixes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>Formats a value of a series' unit, e.g. 1.50 GiB, 2.35 cores, 12.3 s, 45.0 %.</summary>
    public static string FormatValue(double value, MetricUnit unit) => FormatValue(value, unit, Statistic.Peak);

    /// <summary>Formats a statistic's value: an <see cref="Statistic.Integral"/> is in unit·seconds (GiB·s, core·s).</summary>
    public static string FormatValue(double value, MetricUnit unit, Statistic statistic)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        if (statistic == Statistic.Duration)
        {
            return Number(value) + " s";
        }

        var perSecond = statistic == Statistic.Integral ? "·s" : string.Empty;
        return unit switch
        {
            MetricUnit.Bytes => Bytes(value) + perSecond,
            MetricUnit.BytesPerSecond => statistic == Statistic.Integral ? Bytes(value) : Bytes(value) + "/s",
            MetricUnit.Cores => Number(value) + (statistic == Statistic.Integral ? " core·s" : " cores"),
            MetricUnit.Seconds => Number(value) + (statistic == Statistic.Integral ? " s·s" : " s"),
            MetricUnit.Ratio => statistic == Statistic.Integral ? Number(value) + " s" : Number(value * 100) + " %",
            _ => Number(value) + (statistic == Statistic.Integral ? " ·s" : string.Empty),
        };
    }

    /// <summary>Formats a nullable value; null is "n/a".</summary>
    public static string FormatValue(double? value, MetricUnit unit, Statistic statistic) =>
        value is { } v ? FormatValue(v, unit, statistic) : "n/a";

    /// <summary>The unit of a statistic's value as a short label: bytes, byte·s, cores, core·s, s, count, ratio.</summary>
    public static string UnitLabel(MetricUnit unit, Statistic statistic)
    {
        if (statistic == Statistic.Duration)
        {
            return "s";
        }

        var integral = statistic == Statistic.Integral;
        return unit switch
        {
            MetricUnit.Bytes => integral ? "byte·s" : "bytes",
            MetricUnit.BytesPerSecond => integral ? "bytes" : "bytes/s",
            MetricUnit.Cores => integral ? "core·s" : "cores",
            MetricUnit.Seconds => integral ? "s·s" : "s",
            MetricUnit.Ratio => integral ? "s" : "ratio",
            _ => integral ? "count·s" : "count",
        };
    }

    /// <summary>Signed % change with one decimal (e.g. −76.0 % is written "-76.0 %"); null is "n/a".</summary>
    public static string FormatPercent(double? percent) => percent switch
    {
        null => "n/a",
        var p when !double.IsFinite(p.Value) => "n/a",
        var p => (p.Value > 0 ? "+" : string.Empty) + p.Value.ToString("0.0", CultureInfo.InvariantCulture) + " %",
    };

    /// <summary>RIP with two decimals (e.g. 0.76, -0.50); null is "n/a".</summary>
    public static string FormatRip(double? rip) => rip switch
    {
        null => "n/a",
        var r when !double.IsFinite(r.Value) => "n/a",
        var r => (Math.Abs(r.Value) < 0.005 ? 0 : r.Value).ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static string Bytes(double value)
    {
        var magnitude = Math.Abs(value);
        var i = 0;
        while (magnitude >= 1024 && i < s_bytePrefixes.Length - 1)
        {
            magnitude /= 1024;
            i++;
        }

        var scaled = value / Math.Pow(1024, i);
        return (i == 0 ? scaled.ToString("0", CultureInfo.InvariantCulture) : Number(scaled)) + " " + s_bytePrefixes[i];
    }

    /// <summary>Three significant digits for small numbers, thousands separators for large ones.</summary>
    private static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude switch
        {
            0 => "0",
            >= 1000 => "#,0",
            >= 100 => "0",
            >= 10 => "0.0",
            >= 1 => "0.00",
            _ => "0.###",
        };
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
