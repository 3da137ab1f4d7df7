using Microsoft.Extensions.Options;

namespace SparkTuner.Web.Model;

/// <summary>How the Compare page draws its charts ("Charts" section of appsettings.json).</summary>
public sealed class ChartDrawingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Charts";

    /// <summary>
    /// Charts with more traces than this are drawn once they come within half a viewport of the visible area, behind a
    /// same-height placeholder until then. 0 (the default): every chart waits, so opening a comparison draws only what
    /// is on (or about to come onto) the screen. Drawing the demo's 21 charts at once took about 1 s of the browser's
    /// main thread, and 10 browsers opening one link on a 2-core machine spent it ten times over before most of them
    /// had painted their summary; 50 executors × 3 runs × 2 sides shown one by one is 300 lines a chart, and 13 such
    /// charts at once held the main thread for about 10 s. 0 or more.
    /// </summary>
    public int DrawWhenVisibleAboveTraces { get; set; }
}

/// <summary>Validates <see cref="ChartDrawingOptions"/> at start-up (registered with ValidateOnStart).</summary>
public sealed class ChartDrawingOptionsValidator : IValidateOptions<ChartDrawingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ChartDrawingOptions options) =>
        options.DrawWhenVisibleAboveTraces >= 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ChartDrawingOptions.SectionName}:DrawWhenVisibleAboveTraces = '{options.DrawWhenVisibleAboveTraces}' is out of range; expected 0 or more (lines per chart; 0 draws every chart only near the viewport).");
}
