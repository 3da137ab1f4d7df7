using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SparkTuner.Core.Query;

/// <summary>
/// A plain PromQL series selector read back from its text (<c>name{label="v", other=~"re"}</c>): what the catalog's raw
/// selectors render to. It answers whether a label set matches (as Prometheus would), and
/// <see cref="Union"/> writes one selector that matches at least every series of several: one query for all runs of a
/// comparison, each run's series picked out again with <see cref="Matches"/>.
/// </summary>
/// <param name="Matchers">The matchers, the metric name as a <c>__name__</c> equality matcher first when there is one.</param>
public sealed record SelectorText(IReadOnlyList<LabelMatcher> Matchers)
{
    private const string NameLabel = "__name__";
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);

    /// <summary>Reads a plain selector: an optional metric name and an optional <c>{…}</c> list of matchers with double-,
    /// single- or back-quoted values (PromQL's string escapes).</summary>
    /// <exception cref="FormatException">Not a plain selector (a function, an operator, a range, an unterminated string…).</exception>
    public static SelectorText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matchers = new List<LabelMatcher>();
        var i = 0;
        SkipSpace(text, ref i);
        var name = ReadIdentifier(text, ref i, allowColon: true);
        if (name.Length > 0)
        {
            matchers.Add(new LabelMatcher(NameLabel, MatchOp.Equal, name));
        }

        SkipSpace(text, ref i);
        if (i < text.Length && text[i] == '{')
        {
            i++;
            while (true)
            {
                SkipSpace(text, ref i);
                if (i < text.Length && text[i] == '}')
                {
                    i++;
                    break;
                }

                var label = ReadIdentifier(text, ref i, allowColon: false);
                if (label.Length == 0) throw Error(text, i, "a label name");
                SkipSpace(text, ref i);
                var op = ReadOperator(text, ref i);
                SkipSpace(text, ref i);
                matchers.Add(new LabelMatcher(label, op, ReadString(text, ref i)));
                SkipSpace(text, ref i);
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }

                if (i < text.Length && text[i] == '}')
                {
                    i++;
                    break;
                }

                throw Error(text, i, "',' or '}'");
            }
        }

        SkipSpace(text, ref i);
        if (i != text.Length) throw Error(text, i, "the end of the selector");
        if (matchers.Count == 0) throw new FormatException($"'{text}' selects nothing: a selector needs a metric name or a matcher.");
        return new SelectorText(matchers);
    }

    /// <summary>True when a series with <paramref name="labels"/> (its metric name under <c>__name__</c>) is selected; a
    /// missing label counts as the empty value, and regexes are fully anchored, as in Prometheus.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var m in Matchers)
        {
            var value = labels.TryGetValue(m.Label, out var v) ? v : "";
            var ok = m.Op switch
            {
                MatchOp.Equal => value == m.Value,
                MatchOp.NotEqual => value != m.Value,
                MatchOp.Regex => RegexOf(m.Value).IsMatch(value),
                MatchOp.NotRegex => !RegexOf(m.Value).IsMatch(value),
                _ => false,
            };
            if (!ok) return false;
        }

        return true;
    }

    /// <summary>The selector as PromQL: <c>name{…}</c> when the first matcher is an equality on a valid metric name, else all as matchers.</summary>
    public override string ToString()
    {
        if (Matchers.Count > 0 && Matchers[0] is { Label: NameLabel, Op: MatchOp.Equal } name && PromQl.IsValidMetricName(name.Value))
        {
            return Matchers.Count == 1 ? name.Value : name.Value + "{" + string.Join(", ", Matchers.Skip(1).Select(m => m.ToString())) + "}";
        }

        return "{" + string.Join(", ", Matchers.Select(m => m.ToString())) + "}";
    }

    /// <summary>
    /// One selector matching every series that any of <paramref name="selectors"/> matches (and maybe more): a label
    /// constrained the same way by all is kept; a label each constrains with one positive matcher (<c>=</c> or
    /// <c>=~</c>) becomes the alternation of those; any other label is left out (a superset: the caller picks each
    /// selector's series with <see cref="Matches"/>). Null when nothing positive is left to select by, so the selectors
    /// must be read one by one.
    /// </summary>
    public static string? Union(IReadOnlyList<SelectorText> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (selectors.Count == 0) return null;
        var distinct = selectors.Select(s => s.ToString()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 1) return distinct[0];

        var labels = selectors.SelectMany(s => s.Matchers.Select(m => m.Label)).Distinct(StringComparer.Ordinal).ToList();
        var kept = new List<LabelMatcher>();
        foreach (var label in labels)
        {
            var per = selectors.Select(s => s.Matchers.Where(m => m.Label == label).ToList()).ToList();
            var texts = per.Select(ms => string.Join(",", ms.Select(m => m.ToString()).Order(StringComparer.Ordinal))).Distinct(StringComparer.Ordinal).Count();
            if (texts == 1)
            {
                kept.AddRange(per[0]);
                continue;
            }

            if (per.All(ms => ms.Count == 1 && ms[0].Op is MatchOp.Equal or MatchOp.Regex))
            {
                var alternatives = per.Select(ms => ms[0].Op == MatchOp.Equal ? PromQl.RegexEscapeLiteral(ms[0].Value) : "(?:" + ms[0].Value + ")")
                    .Distinct(StringComparer.Ordinal);
                kept.Add(new LabelMatcher(label, MatchOp.Regex, string.Join('|', alternatives)));
            }
        }

        // Prometheus refuses a selector whose matchers all match the empty string.
        var positive = kept.Any(m => m.Op switch
        {
            MatchOp.Equal => m.Value.Length > 0,
            MatchOp.Regex => !Regex.IsMatch("", "^(?:" + m.Value + ")$", RegexOptions.None, RegexTimeout),
            _ => false,
        });
        return positive ? new SelectorText(kept).ToString() : null;
    }

    private Regex RegexOf(string pattern)
    {
        lock (_regexes)
        {
            if (!_regexes.TryGetValue(pattern, out var regex))
            {
                // RE2 and .NET agree on the alternations, classes and groups the catalog uses; anchored like Prometheus.
                regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, RegexTimeout);
                _regexes.Add(pattern, regex);
            }

            return regex;
        }
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }

    private static string ReadIdentifier(string text, ref int i, bool allowColon)
    {
        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || (allowColon && text[i] == ':'))
            && !(i == start && char.IsAsciiDigit(text[i])))
        {
            i++;
        }

        return text[start..i];
    }

    private static MatchOp ReadOperator(string text, ref int i)
    {
        var at = i;
        string Next(int n) => at + n <= text.Length ? text.Substring(at, n) : "";
        (string Token, MatchOp Op)[] ops = [("=~", MatchOp.Regex), ("!~", MatchOp.NotRegex), ("!=", MatchOp.NotEqual), ("=", MatchOp.Equal)];
        foreach (var (token, op) in ops)
        {
            if (Next(token.Length) == token)
            {
                i += token.Length;
                return op;
            }
        }

        throw Error(text, i, "a matcher operator (=, !=, =~, !~)");
    }

    private static string ReadString(string text, ref int i)
    {
        if (i >= text.Length || text[i] is not ('"' or '\'' or '`')) throw Error(text, i, "a quoted value");
        var quote = text[i++];
        var sb = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            var c = text[i++];
            if (c != '\\' || quote == '`')
            {
                sb.Append(c);
                continue;
            }

            if (i >= text.Length) break;
            var e = text[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append((char)Hex(text, ref i, 2)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(Hex(text, ref i, 4))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(text, ref i, 8))); break;
                default: sb.Append(e); break;
            }
        }

        if (i >= text.Length) throw Error(text, i, "the closing quote");
        i++;
        return sb.ToString();
    }

    private static int Hex(string text, ref int i, int digits)
    {
        if (i + digits > text.Length || !int.TryParse(text.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(text, i, $"{digits} hex digits");
        }

        i += digits;
        return value;
    }

    private static FormatException Error(string text, int at, string expected) =>
        new($"'{text}' is not a plain selector: expected {expected} at position {at}.");
}
