using System.Text;

namespace SparkTuner.Core.Query;

/// <summary>Label matching operator of a PromQL vector selector.</summary>
public enum MatchOp
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>=~</c> (fully anchored RE2)</summary>
    Regex,
    /// <summary><c>!~</c></summary>
    NotRegex,
}

/// <summary>One label matcher; <see cref="Value"/> is the raw (unescaped) value or regex.</summary>
public sealed record LabelMatcher(string Label, MatchOp Op, string Value)
{
    /// <summary>The matcher as PromQL, e.g. <c>app="x"</c>, with the value escaped.</summary>
    public override string ToString()
    {
        var op = Op switch
        {
            MatchOp.Equal => "=",
            MatchOp.NotEqual => "!=",
            MatchOp.Regex => "=~",
            MatchOp.NotRegex => "!~",
            _ => throw new ArgumentOutOfRangeException(nameof(Op), Op, "Unknown matcher operator."),
        };
        return Label + op + PromQl.EscapeString(Value);
    }
}

/// <summary>
/// Builds a PromQL instant-vector selector <c>name{a="…",b!="…"}</c>. A name that is not a valid bare metric
/// identifier is written as a <c>__name__</c> matcher instead (<c>{__name__="my.metric",a="…"}</c>).
/// </summary>
public sealed class Selector
{
    private readonly List<LabelMatcher> _matchers = [];

    /// <summary>Starts a selector for <paramref name="metricName"/> (null or empty: no name, matchers only).</summary>
    public Selector(string? metricName = null)
    {
        MetricName = string.IsNullOrEmpty(metricName) ? null : metricName;
    }

    /// <summary>The metric name, if any.</summary>
    public string? MetricName { get; }

    /// <summary>The label matchers in insertion order.</summary>
    public IReadOnlyList<LabelMatcher> Matchers => _matchers;

    /// <summary>Adds <c>label="value"</c>.</summary>
    public Selector Eq(string label, string value) => Add(label, MatchOp.Equal, value);

    /// <summary>Adds <c>label!="value"</c>.</summary>
    public Selector NotEq(string label, string value) => Add(label, MatchOp.NotEqual, value);

    /// <summary>Adds <c>label=~"regex"</c>; <paramref name="regex"/> is a regular expression (use <see cref="PromQl.RegexEscapeLiteral"/> for literal input).</summary>
    public Selector Regex(string label, string regex) => Add(label, MatchOp.Regex, regex);

    /// <summary>Adds <c>label!~"regex"</c>.</summary>
    public Selector NotRegex(string label, string regex) => Add(label, MatchOp.NotRegex, regex);

    /// <summary>Adds <c>label=~"lit1|lit2|…"</c> matching any of the literal values exactly.</summary>
    public Selector In(string label, IEnumerable<string> literals) =>
        Add(label, MatchOp.Regex, string.Join('|', literals.Select(PromQl.RegexEscapeLiteral)));

    /// <summary>Adds a matcher.</summary>
    /// <exception cref="ArgumentException">The label name is not valid in Prometheus 2.x.</exception>
    public Selector Add(string label, MatchOp op, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!PromQl.IsValidLabelName(label))
        {
            throw new ArgumentException($"'{label}' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*).", nameof(label));
        }

        _matchers.Add(new LabelMatcher(label, op, value));
        return this;
    }

    /// <summary>The selector as PromQL.</summary>
    /// <exception cref="InvalidOperationException">Neither a name nor a matcher was given (PromQL rejects <c>{}</c>).</exception>
    public override string ToString()
    {
        var matchers = new List<LabelMatcher>(_matchers.Count + 1);
        var sb = new StringBuilder();
        if (MetricName is not null)
        {
            if (PromQl.IsValidMetricName(MetricName))
            {
                sb.Append(MetricName);
            }
            else
            {
                matchers.Add(new LabelMatcher("__name__", MatchOp.Equal, MetricName));
            }
        }

        matchers.AddRange(_matchers);
        if (matchers.Count == 0)
        {
            if (sb.Length == 0)
            {
                throw new InvalidOperationException("A PromQL selector needs a metric name or at least one matcher.");
            }

            return sb.ToString();
        }

        sb.Append('{').AppendJoin(',', matchers.Select(m => m.ToString())).Append('}');
        return sb.ToString();
    }

    /// <summary>The selector followed by a range, <c>sel[5m]</c> (a range-vector selector).</summary>
    public string WithRange(TimeSpan range) => ToString() + "[" + PromQl.FormatDuration(range) + "]";
}
