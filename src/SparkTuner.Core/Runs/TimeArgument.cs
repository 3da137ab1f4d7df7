using System.Globalization;

namespace SparkTuner.Core.Runs;

/// <summary>Parses a time given by a person or a URL: RFC 3339, Unix seconds, or relative to now.</summary>
public static class TimeArgument
{
    /// <summary>
    /// Parses <paramref name="text"/>: RFC 3339 (<c>2024-05-01T12:00:00Z</c>, <c>…+02:00</c>, fractional seconds allowed),
    /// Unix seconds (<c>1714564800</c>, <c>1714564800.5</c>), or relative forms <c>now</c>, <c>now-6h</c>, <c>now+30m</c>,
    /// <c>-2d</c>, <c>now-1h30m</c> (units ms, s, m, h, d, w), relative to <paramref name="now"/>.
    /// </summary>
    /// <exception cref="FormatException">Anything else; the message quotes the input and lists the accepted forms.</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Length == 0)
        {
            throw Error(text);
        }

        if (s.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }

        var rest = s.StartsWith("now", StringComparison.OrdinalIgnoreCase) ? s[3..] : s;
        if (rest.Length > 1 && rest[0] is '-' or '+' && char.IsAsciiLetter(rest[^1]))
        {
            var offset = ParseDuration(rest[1..]) ?? throw Error(text);
            var ticks = rest[0] == '-' ? now.UtcTicks - offset.Ticks : now.UtcTicks + offset.Ticks;
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                throw new FormatException($"'{text}' lies outside the calendar (years 1 to 9999).");
            }

            return rest[0] == '-' ? now - offset : now + offset;
        }

        if (rest.Length != s.Length)
        {
            throw Error(text);
        }

        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unix) && !double.IsNaN(unix))
        {
            if (unix > 253402300799)
            {
                throw new FormatException($"'{text}' is too large for Unix seconds (milliseconds given?).");
            }

            return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(unix * TimeSpan.TicksPerSecond));
        }

        // RFC 3339 needs a date, a 'T' (or space) and an explicit offset.
        if (s.Length >= 20 && s[4] == '-' && s[7] == '-' && s[10] is 'T' or 't' or ' ' && HasOffset(s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dto))
        {
            return dto;
        }

        throw Error(text);
    }

    /// <summary>As <see cref="Parse(string, DateTimeOffset)"/>, relative to the current time of <paramref name="clock"/> (system clock when null).</summary>
    public static DateTimeOffset Parse(string text, TimeProvider? clock = null) => Parse(text, (clock ?? TimeProvider.System).GetUtcNow());

    private static bool HasOffset(string s) =>
        s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && s[^6] is '+' or '-' && s[^3] == ':');

    private static TimeSpan? ParseDuration(string s)
    {
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            TimeSpan? unit = s[unitStart..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                "w" => TimeSpan.FromDays(7),
                _ => null,
            };
            if (unit is null || n > TimeSpan.MaxValue.Ticks / unit.Value.Ticks / 2)
            {
                return null;
            }

            total += unit.Value * n;
        }

        return total;
    }

    private static FormatException Error(string text) => new(
        $"'{text}' is not a time. Use RFC 3339 (2024-05-01T12:00:00Z), Unix seconds (1714564800 or 1714564800.25), " +
        "or a time relative to now: now, now-6h, now+30m, -2d, now-1h30m (units ms, s, m, h, d, w).");
}
