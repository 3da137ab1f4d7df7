using System.Text.RegularExpressions;

namespace SparkTuner.Core.Runs;

/// <summary>
/// Derives a run's variant tag (e.g. <c>cached</c> / <c>noncached</c>) from its application name with a regular
/// expression that has a named group <c>variant</c>. No match gives "".
/// </summary>
public sealed class VariantRule
{
    /// <summary>The default pattern: a trailing <c>-noncached</c>, <c>-cached</c> or other <c>-[a-z0-9]+</c> suffix.</summary>
    public const string DefaultPattern = "-(?<variant>noncached|cached|[a-z0-9]+)$";

    private readonly Regex _regex;

    /// <summary>Creates the rule.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regex or has no <c>variant</c> group.</exception>
    public VariantRule(string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Variant pattern '{pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }

        if (!_regex.GetGroupNames().Contains("variant"))
        {
            throw new ArgumentException($"Variant pattern '{pattern}' has no named group 'variant', e.g. (?<variant>…).", nameof(pattern));
        }

        Pattern = pattern;
    }

    /// <summary>The rule used when nothing is configured.</summary>
    public static VariantRule Default { get; } = new();

    /// <summary>The regular expression.</summary>
    public string Pattern { get; }

    /// <summary>The variant of <paramref name="applicationName"/>, or "" when the pattern does not match.</summary>
    public string Parse(string applicationName)
    {
        var m = _regex.Match(applicationName ?? "");
        return m.Success ? m.Groups["variant"].Value : "";
    }
}
