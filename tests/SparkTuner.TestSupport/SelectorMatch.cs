using System.Text.RegularExpressions;

namespace SparkTuner.TestSupport;

/// <summary>For in-memory sources of tests: which application ids a selector written by SparkTuner names.</summary>
public static partial class SelectorMatch
{
    /// <summary>
    /// Whether <paramref name="selector"/>'s <paramref name="label"/> matcher takes <paramref name="id"/>: <c>label="id"</c>,
    /// or <c>label=~"a|b|…"</c> as run discovery batches ids (PromQL string escapes undone, the regex fully anchored as in
    /// PromQL). Null when the selector has no matcher on the label.
    /// </summary>
    public static bool? NamesApp(string selector, string id, string label = "application_id")
    {
        var m = Regex.Match(selector, Regex.Escape(label) + "(=~|=)\"((?:[^\"\\\\]|\\\\.)*)\"");
        if (!m.Success)
        {
            return null;
        }

        var value = Unescape().Replace(m.Groups[2].Value, "$1");
        return m.Groups[1].Value == "=" ? value == id : Regex.IsMatch(id, "^(?:" + value + ")$");
    }

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Unescape();
}
