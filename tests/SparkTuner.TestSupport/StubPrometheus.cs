using System.Collections.Concurrent;
using System.Net;
using System.Text;
namespace SparkTuner.TestSupport;

/// <summary>What the stub saw of one request.</summary>
public sealed record CapturedRequest(string Method, string Path, string Query, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Form (or query-string) fields in order, repeated keys kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields(bool fromQuery = false) =>
        (fromQuery ? Query.TrimStart('?') : Body)
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : ""))
            .ToList();

    public string? Field(string name, bool fromQuery = false) => Fields(fromQuery).FirstOrDefault(f => f.Key == name).Value;

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

/// <summary>A canned answer; <see cref="HangFor"/> delays before any header is sent.</summary>
public sealed record StubAnswer(int Status, string Body, string ContentType = "application/json", TimeSpan? HangFor = null);

/// <summary>
/// Loopback HTTP stub (HttpListener on 127.0.0.1, free port) that records requests and answers from a script:
/// the n-th request gets the n-th answer (the last one repeats), or a route picks the answer from the request.
/// For faults a real Prometheus cannot produce (hangs, garbage, 503s, a buildinfo without a version).
/// </summary>
public sealed class StubPrometheus : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly StubAnswer[] _answers;
    private readonly Func<CapturedRequest, StubAnswer>? _route;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>A stub answering each request from <paramref name="route"/>.</summary>
    public StubPrometheus(Func<CapturedRequest, StubAnswer> route)
        : this([])
    {
        _route = route;
    }

    public StubPrometheus(params StubAnswer[] answers)
    {
        _answers = answers.Length > 0 ? answers : [Ok("""{"status":"success","data":{"resultType":"vector","result":[]}}""")];
        for (var attempt = 0; ; attempt++)
        {
            Port = PrometheusServer.FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();
    public int Count => Volatile.Read(ref _count);
    public CapturedRequest Last => Requests.Last();

    /// <summary>Completes once the first request has been read, so a test can act while it is in flight.</summary>
    public Task FirstRequest => _firstRequest.Task;

    public static StubAnswer Ok(string json) => new(200, json);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var n = Interlocked.Increment(ref _count) - 1;
        var req = ctx.Request;
        string body;
        using (var reader = new StreamReader(req.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var headers = req.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => req.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        var captured = new CapturedRequest(req.HttpMethod, req.Url!.AbsolutePath, req.Url.Query, req.ContentType, body, headers);
        Requests.Enqueue(captured);
        _firstRequest.TrySetResult();
        var answer = _route?.Invoke(captured) ?? _answers[Math.Min(n, _answers.Length - 1)];
        try
        {
            if (answer.HangFor is { } hang) await Task.Delay(hang, _stop.Token);
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            ctx.Response.StatusCode = answer.Status;
            ctx.Response.ContentType = answer.ContentType;
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception) { try { ctx.Response.Abort(); } catch (Exception) { } }
    }

    public void Dispose()
    {
        _stop.Cancel();
        // The managed HttpListener looks its endpoint up again on Close and can throw "Address already in use" when
        // another test took the port meanwhile (seen once in a full run): the stub is gone either way.
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { } catch (HttpListenerException) { }
    }
}
