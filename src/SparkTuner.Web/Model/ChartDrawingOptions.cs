using Microsoft.Extensions.Options;

namespace SparkTuner.Web.Model;

/// <summary>How the Compare page draws its charts ("Charts" section of appsettings.json).</summary>
public sealed class ChartDrawingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Charts";

    /// <summary>
    /// Charts with more traces than this are drawn once they come near the viewport, behind a same-height
    /// placeholder until then (50 executors × 3 runs × 2 sides shown one by one is 300 lines a chart; drawing 13 such
    /// charts at once held the browser's main thread for about 10 s). At least 1.
    /// </summary>
    public int DrawWhenVisibleAboveTraces { get; set; } = 60;
}

/// <summary>Validates <see cref="ChartDrawingOptions"/> at start-up (registered with ValidateOnStart).</summary>
public sealed class ChartDrawingOptionsValidator : IValidateOptions<ChartDrawingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ChartDrawingOptions options) =>
        options.DrawWhenVisibleAboveTraces >= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ChartDrawingOptions.SectionName}:DrawWhenVisibleAboveTraces = '{options.DrawWhenVisibleAboveTraces}' is out of range; expected at least 1 (lines per chart).");
}
