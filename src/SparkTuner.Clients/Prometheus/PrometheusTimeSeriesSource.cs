using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using SparkTuner.Clients.Telemetry;
using Refit;
using SparkTuner.Clients.Security;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// <see cref="ITimeSeriesSource"/> over the Prometheus HTTP API. Every failure becomes one
/// <see cref="DataSourceException"/>: Prometheus' own errorType and text for error envelopes; "unreachable" for
/// connection/DNS/TLS failures; "timeout" when our deadline passed; "bad_response" for bodies that are not the
/// JSON envelope (a login page, garbage) or carry an unexpected result type. Caller cancellation, and the process
/// stopping, stay an <see cref="OperationCanceledException"/>. Every call passes the process-wide <see cref="UpstreamGate"/>
/// (fair cap, one deadline per user action, shutdown). A failure is logged as one warning line, its trace only at Debug.
/// Nothing is cached.
/// <para>
/// Every upstream text (error envelope, body snippet, warning, reason phrase) goes through the <see cref="SecretRedactor"/>
/// of the configured credentials here, the one place wire text becomes a message. It is redacted first and cut after, so a
/// cut cannot leave a part of a secret that no longer matches the whole value.
/// </para>
/// </summary>
public sealed class PrometheusTimeSeriesSource : ITimeSeriesSource, IDisposable
{
    private const int QueryShownChars = 200;
    private const int BodyShownChars = 80;
    private const int ErrorShownChars = 500;

    /// <summary>How much of a body is decoded and redacted before it is cut to <see cref="BodyShownChars"/>: more than is
    /// shown, so a secret that straddles the cut is still seen whole.</summary>
    private const int BodyRedactedBytes = 4096;

    private readonly IPrometheusApi _api;
    private readonly PrometheusOptions _options;
    private readonly UpstreamGate _gate;
    private readonly ILogger _log;
    private readonly IDisposable[] _owned;
    private readonly SecretRedactor _redactor;

    /// <summary>For DI: the Refit client comes from HttpClientFactory with the handler chain, which passes the same <paramref name="gate"/>.</summary>
    public PrometheusTimeSeriesSource(IPrometheusApi api, IOptions<PrometheusOptions> options, UpstreamGate gate, ILogger<PrometheusTimeSeriesSource>? log = null)
        : this(api, options.Value, gate, log, [])
    {
    }

    private PrometheusTimeSeriesSource(IPrometheusApi api, PrometheusOptions options, UpstreamGate gate, ILogger? log, IDisposable[] owned)
    {
        _api = api;
        _options = options;
        _gate = gate;
        _log = log ?? NullLogger.Instance;
        _owned = owned;
        _redactor = SecretRedactor.For(options);
    }

    /// <inheritdoc/>
    public string Describe => _options.DisplayUrl;

    /// <summary>
    /// Without DI (the CLI): validates <paramref name="options"/> and builds the same chain by hand,
    /// Refit → resilience (total budget, retry, attempt timeout) → auth/headers → sockets with TLS trust.
    /// Dispose the source to release the connection pool.
    /// </summary>
    public static PrometheusTimeSeriesSource Create(PrometheusOptions options)
    {
        var validation = new PrometheusOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(PrometheusOptions.SectionName, typeof(PrometheusOptions), validation.Failures);
        }
        var gate = new UpstreamGate(options);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        PrometheusHttp.ConfigurePipeline(pipeline, options, gate);
        var chain = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new PrometheusAuthHandler(options)
            {
                InnerHandler = new BufferedContentHandler { InnerHandler = PrometheusHttp.CreatePrimaryHandler(options) },
            },
        };
        var http = new HttpClient(chain, disposeHandler: true);
        PrometheusHttp.ConfigureClient(http, options);
        return new PrometheusTimeSeriesSource(RestService.ForGenerated<IPrometheusApi>(http), options, gate, null, [http, gate]);
    }

    /// <inheritdoc/>
    public async Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var (data, warnings) = await SendAsync("range query", promQl,
            ct => _api.QueryRangeAsync(PrometheusForm.QueryRange(promQl, start, end, step), cancellationToken: ct),
            PrometheusResponseParser.ReadQueryData, cancellationToken);
        return data is PrometheusMatrix m
            ? new(m.Series, warnings)
            : throw UnexpectedType("range query", promQl, data, "matrix");
    }

    /// <inheritdoc/>
    public async Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var (data, warnings) = await SendAsync("instant query", promQl,
            ct => _api.QueryAsync(PrometheusForm.Query(promQl, time), cancellationToken: ct),
            PrometheusResponseParser.ReadQueryData, cancellationToken);
        return data switch
        {
            PrometheusVector v => new(v.Samples, warnings),
            PrometheusScalar s => new([new InstantSample(new Dictionary<string, string>(), s.Timestamp, s.Value)], warnings),
            _ => throw UnexpectedType("instant query", promQl, data, "vector or scalar"),
        };
    }

    /// <inheritdoc/>
    public async Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var (data, warnings) = await SendAsync("raw-sample query", promQl,
            ct => _api.QueryAsync(PrometheusForm.Query(promQl, time), cancellationToken: ct),
            PrometheusResponseParser.ReadQueryData, cancellationToken);
        return data is PrometheusMatrix m
            ? new(m.Series, warnings)
            : throw UnexpectedType("raw-sample query", promQl, data, "matrix (a range-vector selector such as x[5m])");
    }

    /// <inheritdoc/>
    public async Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        var (data, warnings) = await SendAsync("series lookup", string.Join(", ", matchers),
            ct => _api.SeriesAsync(PrometheusForm.Matchers(matchers, start, end), cancellationToken: ct),
            PrometheusResponseParser.ReadLabelSets, cancellationToken);
        return new(data, warnings);
    }

    /// <inheritdoc/>
    public async Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        var (data, warnings) = await SendAsync($"values of label '{label}'", matchers is { Count: > 0 } ? string.Join(", ", matchers) : null,
            ct => _api.LabelValuesAsync(label, matchers is { Count: > 0 } ? matchers : null, PrometheusForm.Seconds(start), PrometheusForm.Seconds(end), ct),
            PrometheusResponseParser.ReadStrings, cancellationToken);
        return new(data, warnings);
    }

    /// <inheritdoc/>
    /// <remarks>Empty when the server answers buildinfo without a version (VictoriaMetrics before late 2023).</remarks>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default) =>
        (await BuildInfoAsync(cancellationToken)).Version ?? "";

    /// <summary>/api/v1/status/buildinfo in full.</summary>
    public async Task<PrometheusBuildInfo> BuildInfoAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync("build info", null, ct => _api.BuildInfoAsync(ct), PrometheusResponseParser.ReadBuildInfo, cancellationToken)).Data;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private async Task<(T Data, IReadOnlyList<string> Warnings)> SendAsync<T>(
        string what, string? query, Func<CancellationToken, Task<HttpResponseMessage>> call, PrometheusDataReader<T> readData, CancellationToken cancellationToken)
    {
        // The operation is the fixed description of the call ("raw-sample query"), never the query: bounded label values.
        using var timing = UpstreamMetrics.Start(UpstreamMetrics.Prometheus, what);
        try
        {
            return await SendCoreAsync(what, query, call, readData, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            timing.Cancelled();
            throw;
        }
        catch (DataSourceException e)
        {
            timing.Failed(e.ErrorType);
            // One line per failed call; the trace (transport exceptions, retries) only for those who ask for Debug.
            _log.LogWarning("Prometheus call failed ({ErrorType}): {Message}", e.ErrorType, e.Message);
            _log.LogDebug(e, "Prometheus call failed ({ErrorType}): trace", e.ErrorType);
            throw;
        }
    }

    private async Task<(T Data, IReadOnlyList<string> Warnings)> SendCoreAsync<T>(
        string what, string? query, Func<CancellationToken, Task<HttpResponseMessage>> call, PrometheusDataReader<T> readData, CancellationToken cancellationToken)
    {
        _gate.Stopping.ThrowIfCancellationRequested();
        // One deadline for the whole user action (UpstreamScope): this call gets what is left of it. Our own timer also
        // covers reading the body, which the handler pipeline does not see.
        var remaining = _gate.Remaining;
        if (remaining <= TimeSpan.Zero)
        {
            throw Fail("timeout", DeadlineText, what, query, null, null);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _gate.Stopping);
        deadline.CancelAfter(remaining);
        ReadOnlyMemory<byte> body;
        int status;
        string? mediaType;
        try
        {
            using var response = await call(deadline.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            body = await BodyAsync(response.Content, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Refit 16 wraps transport failures in ApiRequestException: classify what it wraps.
            var cause = e is ApiRequestException { InnerException: { } wrapped } ? wrapped : e;
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("cancelled by the caller", cause, cancellationToken);
            }
            if (_gate.Stopping.IsCancellationRequested)
            {
                throw new OperationCanceledException("the server is stopping", cause, _gate.Stopping);
            }
            throw cause switch
            {
                // The pipeline's own timer for the same deadline may fire a few milliseconds before ours: it is the deadline too.
                _ when deadline.IsCancellationRequested || _gate.Remaining <= TimeSpan.FromMilliseconds(100) => Fail("timeout", DeadlineText, what, query, null, e),
                TimeoutRejectedException or OperationCanceledException =>
                    Fail("timeout", $"did not answer within {_options.TimeoutSeconds} s", what, query, null, e),
                UserTokenMissingException m => Fail("unauthorized", $"was not asked: {m.Message}", what, query, 401, e),
                HttpRequestException h => Fail("unreachable", $"is not reachable: {Reason(h)}", what, query, null, e),
                ApiException a => Fail("bad_response", $"answered HTTP {(int)a.StatusCode} unexpectedly", what, query, (int)a.StatusCode, e),
                _ => Fail("unreachable", $"is not reachable: {OneLine(_redactor.Redact(cause.Message), 200)}", what, query, null, e),
            };
        }

        PrometheusEnvelope<T> envelope;
        try
        {
            envelope = PrometheusResponseParser.Parse(body.Span, readData);
        }
        catch (Exception e) when (e is JsonException or PrometheusWireException)
        {
            var kind = status >= 500 ? "unavailable" : "bad_response";
            var reason = e is PrometheusWireException && LooksLikeJson(mediaType) ? OneLine(_redactor.Redact(e.Message), 200) : "not the Prometheus JSON API";
            throw Fail(kind, $"answered HTTP {status} {mediaType ?? "(no content type)"} that is {reason}: \"{Snippet(body)}\"", what, query, status, e);
        }

        if (!envelope.IsSuccess)
        {
            var errorType = string.IsNullOrEmpty(envelope.ErrorType) ? "unknown" : envelope.ErrorType;
            throw Fail(errorType, $"rejected it ({errorType}, HTTP {status}): {OneLine(_redactor.Redact(envelope.Error ?? "(no message)"), ErrorShownChars)}", what, query, status, null);
        }
        if (envelope.Data is null)
        {
            throw Fail("bad_response", $"answered HTTP {status} success without data", what, query, status, null);
        }
        return (envelope.Data, envelope.Warnings.Count == 0 ? envelope.Warnings
            : envelope.Warnings.Select(w => OneLine(_redactor.Redact(w), ErrorShownChars)).ToList());
    }

    /// <summary>The message of a passed deadline: what the user waited, and the setting that decides it.</summary>
    private string DeadlineText =>
        $"did not answer within {_gate.Deadline.TotalSeconds:0.#} s (the deadline of one request, retries included: Prometheus:RequestDeadlineSeconds)";

    private DataSourceException UnexpectedType(string what, string query, PrometheusQueryData data, string expected) =>
        Fail("bad_response", $"returned a {data.ResultType} where a {expected} was expected", what, query, 200, null);

    private DataSourceException Fail(string errorType, string text, string what, string? query, int? status, Exception? inner)
    {
        var asked = query is null ? what : $"{what} {OneLine(query, QueryShownChars)}";
        // The texts were redacted before their cut; this pass catches what came through other paths (an exception's
        // message, a reason phrase) and drops an inner exception whose chain carries a secret (logs print it).
        return _redactor.Scrub(new DataSourceException(errorType, $"Prometheus at {Describe} {text} [{asked}]", query, status, inner));
    }

    private string Reason(HttpRequestException e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException s when s.SocketErrorCode == SocketError.ConnectionRefused: return "Connection refused";
                case SocketException s when s.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain: return $"host not found ({s.Message})";
                case AuthenticationException a: return $"TLS handshake failed ({OneLine(_redactor.Redact(a.Message), 200)})";
            }
        }
        return OneLine(_redactor.Redact((e.InnerException ?? e).Message), 200);
    }

    private static bool LooksLikeJson(string? mediaType) => mediaType is null || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The body's bytes: in place when <see cref="BufferedContentHandler"/> already read them inside the cap, else read
    /// now (a chain without that handler). A raw-sample answer can be a hundred megabytes: a second copy doubled the peak.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> BodyAsync(HttpContent content, CancellationToken cancellationToken) =>
        content is BufferedBody buffered ? buffered.Bytes : await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

    private string Snippet(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, BodyRedactedBytes)]);
        return OneLine(_redactor.Redact(text), BodyShownChars);
    }

    private static string OneLine(string text, int max)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!space && sb.Length > 0) sb.Append(' ');
                space = true;
                continue;
            }
            space = false;
            sb.Append(c);
            if (sb.Length >= max)
            {
                return sb.Append('…').ToString();
            }
        }
        return sb.ToString().TrimEnd();
    }
}
