using System.Diagnostics;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// "Who is asking, since when": the ambient scope of one user action — an HTTP request, an interaction of a page's
/// circuit, a CLI command — that every Prometheus query made on its behalf runs in (an <see cref="AsyncLocal{T}"/>, so it
/// flows through <c>await</c> and <c>Task.Run</c> into the HTTP pipeline without being passed along). It carries the
/// two things the process-wide <see cref="UpstreamGate"/> needs: the <see cref="Partition"/> the concurrency cap is
/// shared fairly between, and the start of the action, from which its one deadline
/// (<see cref="PrometheusOptions.RequestDeadlineSeconds"/>, retries included) counts. A query made outside any scope is
/// its own action: its own partition, the deadline counted from the query.
/// </summary>
public sealed class UpstreamScope : IDisposable
{
    private static readonly AsyncLocal<UpstreamScope?> s_current = new();
    private readonly UpstreamScope? _previous;

    private UpstreamScope(string partition, UpstreamScope? previous)
    {
        Partition = partition;
        _previous = previous;
        Started = Stopwatch.GetTimestamp();
    }

    /// <summary>The scope the calling code runs in, or null.</summary>
    public static UpstreamScope? Current => s_current.Value;

    /// <summary>Who is asking (e.g. <c>http:TRACE-ID</c>, <c>circuit:ID</c>, <c>cli</c>): queries of one partition share one fair part of the cap.</summary>
    public string Partition { get; }

    /// <summary>When the action started (<see cref="Stopwatch.GetTimestamp"/>): its deadline counts from here.</summary>
    public long Started { get; }

    /// <summary>Time since the action started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Started);

    /// <summary>
    /// Starts a scope for the calling flow; dispose it to restore the previous one. Work started inside (awaited or
    /// not) keeps the scope, and so its partition and deadline, after the dispose.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="partition"/> is empty.</exception>
    public static UpstreamScope Begin(string partition)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        var scope = new UpstreamScope(partition, s_current.Value);
        s_current.Value = scope;
        return scope;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (ReferenceEquals(s_current.Value, this))
        {
            s_current.Value = _previous;
        }
    }
}
