namespace SparkTuner.Web.Model;

/// <summary>How the Compare page draws its charts ("Charts" section of appsettings.json).</summary>
public sealed class ChartDrawingOptions
{
    /// <summary>
    /// Charts with more traces than this are drawn once they come near the viewport, behind a same-height
    /// placeholder until then (50 executors × 3 runs × 2 sides shown one by one is 300 lines a chart; drawing 13 such
    /// charts at once held the browser's main thread for about 10 s). At least 1.
    /// </summary>
    public int DrawWhenVisibleAboveTraces { get; set; } = 60;
}
