namespace SparkTuner.Core.Runs;

/// <summary>
/// The one rule for the time range runs are searched in, shared by the API, the pages, the CLI and run discovery
/// itself: an end in the future is clipped to now (nothing is there yet; a link with <c>to=9999-12-31</c> would
/// otherwise ask for millennia of chunks), and a range that ends before it starts, starts in the future or is longer than
/// the configured maximum (<c>Runs:MaxSearchRangeDays</c>) is refused with a message — before any query is sent.
/// </summary>
public static class SearchRange
{
    /// <summary>
    /// Default longest range, 31 days: a month of runs, and about Prometheus' default retention (15 days) twice over.
    /// Bounds are read one day-chunk at a time, so this also bounds the queries one request can cost.
    /// </summary>
    public static readonly TimeSpan DefaultMax = TimeSpan.FromDays(31);

    /// <summary>
    /// The range from optional ends: <paramref name="to"/> (default and at most <paramref name="now"/>), then
    /// <paramref name="from"/> (default the clipped end minus <paramref name="lookback"/>), then <see cref="Check"/>.
    /// </summary>
    /// <exception cref="ArgumentException">See <see cref="Check"/>; the message is meant for a person.</exception>
    public static (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now, TimeSpan lookback, TimeSpan max)
    {
        var end = to is { } t && t < now ? t : now;
        var start = from ?? end - lookback;
        return Check(start, end, now, max);
    }

    /// <summary>The range as it is searched: <paramref name="to"/> clipped to <paramref name="now"/>, then checked.</summary>
    /// <exception cref="ArgumentException">
    /// The range starts at or after now, ends before it starts, or is longer than <paramref name="max"/>.
    /// </exception>
    public static (DateTimeOffset From, DateTimeOffset To) Check(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan max)
    {
        if (from >= now)
        {
            throw new ArgumentException($"The search range starts at {from:u}, which is not in the past (now is {now:u}); pick an earlier start.");
        }

        if (to > now)
        {
            to = now;
        }

        if (to < from)
        {
            throw new ArgumentException($"The search range ends ({to:u}) before it starts ({from:u}).");
        }

        if (to - from > max)
        {
            throw new ArgumentException(
                $"The search range {from:u} to {to:u} is {(to - from).TotalDays:0.#} days long; at most {max.TotalDays:0.#} days are searched (Runs:MaxSearchRangeDays). Pick a shorter range.");
        }

        return (from, to);
    }
}
