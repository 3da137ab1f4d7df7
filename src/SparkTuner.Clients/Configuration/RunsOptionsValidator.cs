using Microsoft.Extensions.Options;
using SparkTuner.Core.Runs;

namespace SparkTuner.Clients.Configuration;

/// <summary>
/// Validates <see cref="RunsOptions"/> at start-up (registered with ValidateOnStart by <c>AddSparkTuner</c>): the variant
/// pattern compiles and has its <c>variant</c> group, the lookback, the longest search range and the runs per side are sane. (A misspelt <c>DiscoveryProfile</c> never
/// gets this far: the shape check refuses it before binding.)
/// </summary>
public sealed class RunsOptionsValidator : IValidateOptions<RunsOptions>
{
    /// <summary>Longest lookback accepted, in days (ten years).</summary>
    public const int MaxLookbackDays = 3650;

    /// <summary>Most runs per side accepted as a setting: beyond it one link could fan out to thousands of upstream queries.</summary>
    public const int MaxRunsPerSideLimit = 200;

    private const string Section = RunsOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RunsOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = new VariantRule(options.VariantPattern);
        }
        catch (ArgumentException e)
        {
            var why = e.InnerException is ArgumentException regex ? $"is not a valid regular expression ({regex.Message})" : "has no named group 'variant'";
            failures.Add($"{Section}:VariantPattern = '{options.VariantPattern}' {why}; expected a .NET regular expression with a group (?<variant>…), e.g. {VariantRule.DefaultPattern}.");
        }
        if (!Enum.IsDefined(options.DiscoveryProfile))
        {
            failures.Add($"{Section}:DiscoveryProfile = '{options.DiscoveryProfile}' is not valid; expected {string.Join(" or ", DiscoveryProfiles.All.Select(p => p.Name))}.");
        }
        if (options.LookbackDays is < 1 or > MaxLookbackDays)
        {
            failures.Add($"{Section}:LookbackDays = '{options.LookbackDays}' is out of range; expected 1 to {MaxLookbackDays} days.");
        }
        if (options.MaxSearchRangeDays is < 1 or > MaxLookbackDays)
        {
            failures.Add($"{Section}:MaxSearchRangeDays = '{options.MaxSearchRangeDays}' is out of range; expected 1 to {MaxLookbackDays} days.");
        }
        else if (options.LookbackDays > options.MaxSearchRangeDays)
        {
            failures.Add($"{Section}:LookbackDays = '{options.LookbackDays}' is longer than {Section}:MaxSearchRangeDays = '{options.MaxSearchRangeDays}'; expected a lookback within the longest search range.");
        }
        if (options.MaxRunsPerSide is < 1 or > MaxRunsPerSideLimit)
        {
            failures.Add($"{Section}:MaxRunsPerSide = '{options.MaxRunsPerSide}' is out of range; expected 1 to {MaxRunsPerSideLimit} runs.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
