using System.Text;
using System.Text.RegularExpressions;
using SparkTuner.Core.Query;

namespace SparkTuner.Core.Diagnostics;

/// <summary>
/// A metric name a catalog template reads: a bare name (<c>kube_pod_labels</c>), a name with placeholders
/// (<c>metrics_{ns}_driver_JVMCPU_jvmCpuTime_Value</c>) or a <c>__name__=~"…"</c> regex.
/// </summary>
/// <param name="Text">The name as written in the template (placeholders kept), or the regex.</param>
/// <param name="IsRegex">True for a <c>__name__=~</c> matcher.</param>
public sealed record NamePattern(string Text, bool IsRegex)
{
    /// <summary>True when the name holds a placeholder such as <c>{ns}</c>.</summary>
    public bool HasPlaceholder => !IsRegex && Text.Contains('{', StringComparison.Ordinal);

    /// <summary>
    /// The name with <c>{ns}</c> replaced by <paramref name="appName"/>'s servlet key and <c>{app_id_key}</c> by
    /// <paramref name="appId"/>'s; other placeholders stay.
    /// </summary>
    public string ForApp(string appName, string? appId = null)
    {
        var name = Text.Replace("{ns}", PromQlTemplate.SparkNamespaceKey(appName), StringComparison.Ordinal);
        return appId is null ? name : name.Replace("{app_id_key}", PromQlTemplate.SparkNamespaceKey(appId), StringComparison.Ordinal);
    }

    /// <summary>
    /// An RE2 / .NET regex (unanchored text; Prometheus anchors it) matching the names this pattern can take:
    /// the regex itself, the literal name, or the name with each placeholder as <c>.+</c>.
    /// </summary>
    public string AnyRegex()
    {
        if (IsRegex)
        {
            return Text;
        }

        var sb = new StringBuilder();
        var last = 0;
        foreach (Match m in TemplateNames.PlaceholderRegex().Matches(Text))
        {
            sb.Append(PromQl.RegexEscapeLiteral(Text[last..m.Index])).Append(".+");
            last = m.Index + m.Length;
        }

        return sb.Append(PromQl.RegexEscapeLiteral(Text[last..])).ToString();
    }
}

/// <summary>Finds the metric names a PromQL template of the catalog reads, so a missing series can be traced to its name.</summary>
public static partial class TemplateNames
{
    // An identifier, possibly with {placeholder} parts, directly followed by a matcher block or a range.
    [GeneratedRegex(@"(?<![A-Za-z0-9_:}])(?<name>[A-Za-z_:](?:[A-Za-z0-9_:]|\{[a-z_]+\})*)\s*(?=\{(?![a-z_]+\})|\[)")]
    private static partial Regex NameBeforeBlock();

    [GeneratedRegex(@"__name__\s*(?<op>=~|=)\s*""(?<v>(?:[^""\\]|\\.)*)""")]
    private static partial Regex NameMatcher();

    [GeneratedRegex(@"\{[a-z_]+\}")]
    internal static partial Regex PlaceholderRegex();

    /// <summary>
    /// The names <paramref name="template"/> reads, in order of appearance, without repeats: identifiers written before a
    /// <c>{…}</c> matcher block or a <c>[…]</c> range, and <c>__name__="…"</c> / <c>__name__=~"…"</c> matchers.
    /// </summary>
    public static IReadOnlyList<NamePattern> Extract(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var found = new List<(int Index, NamePattern Pattern)>();
        foreach (Match m in NameBeforeBlock().Matches(template))
        {
            var name = m.Groups["name"].Value;
            if (!IsInsideString(template, m.Index))
            {
                found.Add((m.Index, new NamePattern(name, false)));
            }
        }

        foreach (Match m in NameMatcher().Matches(template))
        {
            var value = Unescape(m.Groups["v"].Value);
            found.Add((m.Index, new NamePattern(value, m.Groups["op"].Value == "=~")));
        }

        return found.OrderBy(f => f.Index).Select(f => f.Pattern).Distinct().ToList();
    }

    private static bool IsInsideString(string text, int index)
    {
        var inside = false;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\\' && inside)
            {
                i++;
            }
            else if (text[i] == '"')
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static string Unescape(string literal)
    {
        var sb = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] == '\\' && i + 1 < literal.Length)
            {
                i++;
                sb.Append(literal[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                sb.Append(literal[i]);
            }
        }

        return sb.ToString();
    }
}
