using System.Globalization;

namespace SparkTuner.Core.Charts;

/// <summary>
/// The colours of the two sides of a comparison: the one definition, used by charts, tables and legends alike
/// (the web's <c>SideColors</c> refers to these constants).
/// </summary>
public static class ChartColors
{
    /// <summary>Baseline side (blue).</summary>
    public const string Baseline = "#4c78a8";

    /// <summary>Candidate side (red).</summary>
    public const string Candidate = "#e45756";

    /// <summary>Opacity of a side's min–max band.</summary>
    public const double BandOpacity = 0.2;

    /// <summary>The colour of <paramref name="side"/> (<see cref="ChartSides.Baseline"/> or <see cref="ChartSides.Candidate"/>).</summary>
    public static string For(string side) => side == ChartSides.Candidate ? Candidate : Baseline;

    /// <summary>Turns <c>#rrggbb</c> into <c>rgba(r,g,b,alpha)</c>, e.g. for a semi-transparent band.</summary>
    public static string WithAlpha(string hex, double alpha)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 7 || hex[0] != '#')
        {
            throw new ArgumentException($"'{hex}' is not a #rrggbb colour", nameof(hex));
        }

        var r = int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var g = int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"rgba({r},{g},{b},{alpha:0.###})");
    }
}
