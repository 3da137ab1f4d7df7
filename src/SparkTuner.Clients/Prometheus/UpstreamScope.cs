using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

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

    private UpstreamScope(string partition, UpstreamScope? previous, string? userToken)
    {
        Partition = partition;
        _previous = previous;
        Started = Stopwatch.GetTimestamp();
        UserToken = string.IsNullOrWhiteSpace(userToken) ? null : userToken.Trim();
        UserTokenId = UserToken is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UserToken)));
    }

    /// <summary>The scope the calling code runs in, or null.</summary>
    public static UpstreamScope? Current => s_current.Value;

    /// <summary>Who is asking (e.g. <c>http:TRACE-ID</c>, <c>circuit:ID</c>, <c>cli</c>): queries of one partition share one fair part of the cap.</summary>
    public string Partition { get; }

    /// <summary>
    /// The bearer token of the person this action runs for (the <c>Authorization: Bearer</c> the console's plugin proxy
    /// added to the request or the circuit's connection), or null. Used for Prometheus queries instead of the configured
    /// credentials when <see cref="PrometheusOptions.ForwardUserToken"/> is on. Never inherited by a nested scope: the
    /// service's own checks (the status chip) begin a scope without one.
    /// </summary>
    public string? UserToken { get; }

    /// <summary>
    /// Who the token is, without the token: the lower-case hex SHA-256 of <see cref="UserToken"/> (64 characters), or
    /// null. Cache keys carry it, so one user's cached data never answers another user's request.
    /// </summary>
    public string? UserTokenId { get; }

    /// <summary>When the action started (<see cref="Stopwatch.GetTimestamp"/>): its deadline counts from here.</summary>
    public long Started { get; }

    /// <summary>Time since the action started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Started);

    /// <summary>
    /// Starts a scope for the calling flow; dispose it to restore the previous one. Work started inside (awaited or
    /// not) keeps the scope, and so its partition and deadline, after the dispose. <paramref name="userToken"/> is the
    /// caller's bearer token, if the host forwards one (blank counts as none).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="partition"/> is empty.</exception>
    public static UpstreamScope Begin(string partition, string? userToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        var scope = new UpstreamScope(partition, s_current.Value, userToken);
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
