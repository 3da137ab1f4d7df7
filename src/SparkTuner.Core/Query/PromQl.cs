using System.Globalization;
using System.Text;

namespace SparkTuner.Core.Query;

/// <summary>
/// PromQL lexical helpers: string literals, regex literals, durations and identifiers. Everything that puts user or
/// metric data into a query goes through here, so no raw input is ever concatenated into PromQL.
/// </summary>
public static class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
        "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile",
        "inf", "nan", "start", "end",
    };

    /// <summary>
    /// A double-quoted PromQL string literal for <paramref name="value"/>, following the PromQL lexer (Go string rules):
    /// <c>\\</c>, <c>\"</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>; other C0 controls and DEL as <c>\xHH</c>; C1 controls as
    /// <c>\u00HH</c>. Printable Unicode, including characters outside the BMP (emoji), is written literally as UTF-8 —
    /// never as a <c>\uD83D\uDE00</c> surrogate pair, which PromQL rejects as an invalid code point.
    /// </summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate, which no PromQL literal can carry.</exception>
    public static string EscapeString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (c >= 0x80 && c <= 0x9F)
                    {
                        // \x80 would be a raw byte (invalid UTF-8); \u encodes the code point.
                        sb.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                        {
                            throw new ArgumentException($"The text contains an unpaired surrogate at position {i}; it cannot be written as a PromQL string.", nameof(value));
                        }

                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsLowSurrogate(c))
                    {
                        throw new ArgumentException($"The text contains an unpaired surrogate at position {i}; it cannot be written as a PromQL string.", nameof(value));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Escapes <paramref name="literal"/> so that it matches itself as an RE2 regular expression (Prometheus' regex
    /// engine; same set as Go's <c>regexp.QuoteMeta</c>). The result still has to go through <see cref="EscapeString"/>.
    /// </summary>
    public static string RegexEscapeLiteral(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var sb = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="name"/> can be written bare as a metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, not a PromQL keyword).</summary>
    public static bool IsValidMetricName(string name)
    {
        if (string.IsNullOrEmpty(name) || Keywords.Contains(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="name"/> is a valid label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>), as Prometheus 2.x requires.</summary>
    public static bool IsValidLabelName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A PromQL duration literal (<c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, <c>1500ms</c>) in the largest unit that
    /// divides it exactly. Sub-millisecond parts are rounded up to the next millisecond.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is zero or negative.</exception>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A PromQL duration must be positive.");
        }

        var ms = (long)Math.Ceiling(duration.Ticks / (double)TimeSpan.TicksPerMillisecond);
        return ms switch
        {
            _ when ms % 86_400_000 == 0 => $"{ms / 86_400_000}d",
            _ when ms % 3_600_000 == 0 => $"{ms / 3_600_000}h",
            _ when ms % 60_000 == 0 => $"{ms / 60_000}m",
            _ when ms % 1_000 == 0 => $"{ms / 1_000}s",
            _ => $"{ms}ms",
        };
    }
}
