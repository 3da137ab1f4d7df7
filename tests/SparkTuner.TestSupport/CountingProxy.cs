using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SparkTuner.TestSupport;

/// <summary>One request the proxy forwarded: what was asked, and how long the target took to answer it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Absolute path, e.g. <c>/api/v1/query_range</c>.</param>
/// <param name="QueryString">Raw query string including its leading <c>?</c>, or empty.</param>
/// <param name="ContentType">Request content type, or null.</param>
/// <param name="Body">Request body as UTF-8 text (Prometheus clients POST their parameters as a form).</param>
/// <param name="Status">Status sent back, or 0 when the client went away first.</param>
/// <param name="Duration">From receiving the request to the end of the forwarded response body.</param>
public sealed record ProxiedRequest(string Method, string Path, string QueryString, string? ContentType, string Body, int Status, TimeSpan Duration)
{
    /// <summary>The PromQL text (<c>query</c>, or <c>match[]</c> for series/label calls) from the form or the query string; null when none.</summary>
    public string? Query => Field("query") ?? Field("match[]");

    /// <summary>First value of a form or query-string field; null when absent.</summary>
    public string? Field(string name) =>
        Fields(Body).Concat(Fields(QueryString.TrimStart('?'))).FirstOrDefault(f => f.Key == name).Value;

    /// <summary>True for Prometheus data calls (query, query_range, series, labels); false for status and health endpoints.</summary>
    public bool IsDataQuery => Path.StartsWith("/api/v1/", StringComparison.Ordinal) && !Path.StartsWith("/api/v1/status/", StringComparison.Ordinal);

    private static IEnumerable<KeyValuePair<string, string?>> Fields(string encoded) =>
        encoded.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string?>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : ""));

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

/// <summary>
/// A loopback HTTP forwarder (Kestrel on 127.0.0.1, free port) in front of a real server (Prometheus, or a
/// <see cref="StubPrometheus"/>) that counts what passes: requests in all and per path, the most in flight at once, and
/// requests whose client went away before the answer (<see cref="Aborted"/>; the forwarded request is cancelled too, as a
/// real proxy does). Each finished request is recorded with its parameters, status and duration (<see cref="Requests"/>),
/// so a benchmark can replay exactly what the app sent. Point the app at <see cref="BaseUrl"/> instead of the target.
/// Reusable by tests and benchmarks.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly string _target;
    private readonly ConcurrentDictionary<string, int> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(TimeSpan At, string Path)> _aborts = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ConcurrentQueue<ProxiedRequest> _requests = new();
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    private CountingProxy(WebApplication app, HttpClient http, string target)
    {
        _app = app;
        _http = http;
        _target = target.TrimEnd('/');
    }

    /// <summary>The proxy's base URL (http://127.0.0.1:port).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests received since the start or the last <see cref="Reset"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Requests being forwarded now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most requests in flight at once since the start or the last <see cref="Reset"/>.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Requests whose client went away before the answer.</summary>
    public int Aborted => _aborts.Count;

    /// <summary>When each abort was seen (time since the proxy started) and its path.</summary>
    public IReadOnlyList<(TimeSpan At, string Path)> Aborts => _aborts.ToList();

    /// <summary>Time since the proxy started, on the clock of <see cref="Aborts"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Finished requests since the start or the last <see cref="Reset"/>, in order of completion.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => Volatile.Read(ref _requests).ToArray();

    /// <summary>Finished Prometheus data calls (see <see cref="ProxiedRequest.IsDataQuery"/>) since the start or the last <see cref="Reset"/>.</summary>
    public int DataQueries => Requests.Count(r => r.IsDataQuery);

    /// <summary>Waits until nothing has been in flight or arrived for <paramref name="quiet"/>, or <paramref name="timeout"/> passed; true when quiet.</summary>
    public async Task<bool> WaitQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        var idleSince = TimeSpan.Zero;
        var lastCount = -1;
        while (sw.Elapsed < timeout)
        {
            var count = Count;
            if (InFlight > 0 || count != lastCount)
            {
                idleSince = sw.Elapsed;
                lastCount = count;
            }
            else if (sw.Elapsed - idleSince >= quiet)
            {
                return true;
            }
            await Task.Delay(20);
        }
        return false;
    }

    /// <summary>Requests per path (e.g. <c>/api/v1/query</c>).</summary>
    public IReadOnlyDictionary<string, int> ByPath => new Dictionary<string, int>(_byPath, StringComparer.Ordinal);

    /// <summary>Starts a proxy forwarding every request to <paramref name="targetBaseUrl"/>.</summary>
    public static async Task<CountingProxy> StartAsync(string targetBaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        // No decompression, no redirects: bytes and status pass through as the target sent them.
        var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var proxy = new CountingProxy(app, http, targetBaseUrl);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return proxy;
    }

    /// <summary>Sets the counters (count, per path, max in flight, aborts) back to zero and forgets the recorded requests.</summary>
    public void Reset()
    {
        Volatile.Write(ref _requests, new ConcurrentQueue<ProxiedRequest>());
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _maxInFlight, InFlight);
        _byPath.Clear();
        _aborts.Clear();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var started = Stopwatch.StartNew();
        // Requests still open at a Reset are recorded in the old list, not the new one.
        var recorded = Volatile.Read(ref _requests);
        var text = "";
        Interlocked.Increment(ref _count);
        _byPath.AddOrUpdate(path, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = MaxInFlight; now > max && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max; max = MaxInFlight)
        {
        }

        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), _target + path + context.Request.QueryString);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            text = System.Text.Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
            if (body.Length > 0 || context.Request.ContentType is not null)
            {
                request.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var (name, values) in context.Request.Headers)
            {
                if (HopByHop.Contains(name))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
                }
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            _aborts.Enqueue((_clock.Elapsed, path));
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
        finally
        {
            // Recorded before it stops counting as in flight, so "nothing in flight" means every request is in the list.
            var status = context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode;
            recorded.Enqueue(new ProxiedRequest(context.Request.Method, path, context.Request.QueryString.Value ?? "",
                context.Request.ContentType, text, status, started.Elapsed));
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
