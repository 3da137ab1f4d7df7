using MudBlazor;

namespace SparkTuner.Web.Components.Layout;

/// <summary>The one theme: neutral surfaces, a Spark-orange accent; baseline and candidate colours live in <see cref="SideColors"/>.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#e25a1c",
            AppbarBackground = "#1f2937",
            Background = "#f7f8fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb3e6",
            PrimaryContrastText = "#0b1220",
            Secondary = "#f08a4b",
            AppbarBackground = "#111827",
        },
    };
}

/// <summary>Colours of the two sides of a comparison, the same in charts, tables and legends.</summary>
public static class SideColors
{
    public const string Baseline = SparkTuner.Core.Charts.ChartColors.Baseline;
    public const string Candidate = SparkTuner.Core.Charts.ChartColors.Candidate;
}
