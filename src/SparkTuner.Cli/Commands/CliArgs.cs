using System.Globalization;

namespace SparkTuner.Cli.Commands;

/// <summary>A usage error: printed as one line <c>error: …</c>, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The value syntaxes of the options (integers, durations, sizes, times). Each takes the option's name and the text given,
/// and throws <see cref="UsageException"/> naming both; <see cref="CliOptions"/> turns that into a parse error.
/// </summary>
public static class CliArgs
{
    /// <summary>Integer option.</summary>
    public static long Integer(string option, string text)
    {
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new UsageException($"{option} must be an integer (got '{text}')");
        return v;
    }

    /// <summary>Duration: <c>240s</c>, <c>4m</c>, <c>1h30m</c>, <c>500ms</c>, <c>2d</c>, or plain seconds.</summary>
    public static TimeSpan Duration(string option, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain)) return TimeSpan.FromSeconds(plain);
        var total = TimeSpan.Zero;
        int i = 0;
        bool any = false;
        while (i < text.Length)
        {
            int s = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            int u = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            if (u == s || !double.TryParse(text[s..u], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                throw new UsageException($"{option} must be a duration like 240s, 4m or 1h (got '{text}')");
            total += text[u..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => throw new UsageException($"{option} must be a duration like 240s, 4m or 1h (got '{text}')"),
            };
            any = true;
        }
        if (!any) throw new UsageException($"{option} must be a duration like 240s, 4m or 1h (got '{text}')");
        return total;
    }

    /// <summary>Memory size like Spark's: <c>4g</c>, <c>4096m</c>, <c>512k</c>, <c>1t</c> or bytes.</summary>
    public static long Memory(string option, string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.EndsWith('b') && t.Length > 1 && !char.IsAsciiDigit(t[^2])) t = t[..^1];
        long mult = t.Length == 0 ? 1 : t[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, 't' => 1L << 40, _ => 1 };
        var num = mult == 1 ? t : t[..^1];
        if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n * mult > long.MaxValue / 2)
            throw new UsageException($"{option} must be a size like 4g or 4096m (got '{text}')");
        return (long)(n * mult);
    }

    /// <summary>Time: RFC 3339, Unix seconds, <c>now</c>, or <c>now-30m</c> / <c>now+1h</c>.</summary>
    public static DateTimeOffset Time(string option, string text, DateTimeOffset now)
    {
        if (text == "now") return now;
        if (text.StartsWith("now-", StringComparison.Ordinal)) return now - Duration(option, text[4..]);
        if (text.StartsWith("now+", StringComparison.Ordinal)) return now + Duration(option, text[4..]);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
        {
            if (unix > 7258118400) throw new UsageException($"{option} looks like milliseconds; give Unix seconds (got '{text}')");
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unix * 1000));
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
            return dto;
        throw new UsageException($"{option} must be RFC 3339, Unix seconds or now-30m (got '{text}')");
    }
}
