using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Charts;

/// <summary>
/// How a panel's values are shown: display value = raw value ÷ <see cref="Divisor"/>, axis titled <see cref="Label"/>.
/// Byte units pick the largest binary prefix the panel's maximum reaches (1.5 GiB reads as GiB, 800 MiB as MiB),
/// so the axis has few digits; ratios are shown in percent.
/// </summary>
public sealed record DisplayScale(string Label, double Divisor)
{
    private static readonly string[] s_prefixes = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>Converts one raw value (NaN stays NaN).</summary>
    public double Apply(double raw) => raw / Divisor;

    /// <summary>Chooses the scale for <paramref name="unit"/> from the largest absolute raw value of the panel.</summary>
    public static DisplayScale For(MetricUnit unit, double maxAbs)
    {
        switch (unit)
        {
            case MetricUnit.Bytes:
            case MetricUnit.BytesPerSecond:
                var i = 0;
                var magnitude = double.IsFinite(maxAbs) ? Math.Abs(maxAbs) : 0;
                while (magnitude >= 1024 && i < s_prefixes.Length - 1)
                {
                    magnitude /= 1024;
                    i++;
                }

                var label = s_prefixes[i] + (unit == MetricUnit.BytesPerSecond ? "/s" : string.Empty);
                return new DisplayScale(label, Math.Pow(1024, i));
            case MetricUnit.Cores:
                return new DisplayScale("cores", 1);
            case MetricUnit.Seconds:
                return new DisplayScale("s", 1);
            case MetricUnit.Ratio:
                return new DisplayScale("%", 0.01);
            default:
                return new DisplayScale("count", 1);
        }
    }
}
