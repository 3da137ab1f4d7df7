using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// The HTTP plumbing shared by the DI registration and <see cref="PrometheusTimeSeriesSource.Create"/>: base address,
/// TLS trust, and the resilience pipeline. Pipeline, outer to inner: total budget → retry → the process-wide fair cap
/// (<see cref="UpstreamGate"/>) → per-attempt timeout.
/// </summary>
public static class PrometheusHttp
{
    /// <summary>Request option (Refit <c>[Property]</c>) that marks a POST as an idempotent read, so it may be retried.</summary>
    public const string IdempotentReadKey = "SparkTuner.IdempotentRead";

    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetryAttempts = 2;

    /// <summary>Name of the HttpClient and of its resilience pipeline.</summary>
    public const string ClientName = "SparkTuner.Prometheus";

    private static readonly HttpRequestOptionsKey<bool> IdempotentRead = new(IdempotentReadKey);

    /// <summary>
    /// Whole budget of one call, retries and waiting for the cap included: the deadline of a user action
    /// (<see cref="PrometheusOptions.RequestDeadlineSeconds"/>); a call inside an action gets what is left of it.
    /// </summary>
    public static TimeSpan TotalBudget(PrometheusOptions options) =>
        TimeSpan.FromSeconds(options.RequestDeadlineSeconds);

    /// <summary>The base address with its path prefix kept and no trailing slash (Refit appends "/api/v1/…").</summary>
    public static Uri BaseAddress(PrometheusOptions options) => new(options.DisplayUrl);

    /// <summary>Sets base address and a client timeout just above the pipeline's budget (the pipeline decides).</summary>
    public static void ConfigureClient(HttpClient client, PrometheusOptions options)
    {
        client.BaseAddress = BaseAddress(options);
        client.Timeout = TotalBudget(options) + TimeSpan.FromSeconds(5);
    }

    /// <summary>The socket handler: gzip, pooled connections recycled (DNS changes), and the configured TLS trust.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(PrometheusOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 10)),
        };
        var callback = CertificateValidation(options);
        if (callback is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = callback };
        }
        return handler;
    }

    /// <summary>
    /// Null for the system trust store; accept-all for <see cref="PrometheusOptions.InsecureSkipVerify"/>; otherwise
    /// a chain built against the PEM CA file as the only trust anchor (host name must still match).
    /// </summary>
    public static RemoteCertificateValidationCallback? CertificateValidation(PrometheusOptions options)
    {
        if (options.InsecureSkipVerify)
        {
            return static (_, _, _, _) => true;
        }
        if (string.IsNullOrEmpty(options.CaFile))
        {
            return null;
        }
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(options.CaFile);
        return (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || certificate is null) return false;
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };
    }

    /// <summary>
    /// Total budget, then up to <see cref="MaxRetryAttempts"/> retries with short exponential back-off, then a place under
    /// <paramref name="gate"/>'s cap for each attempt (the partition of the calling <see cref="UpstreamScope"/>; an attempt
    /// waiting in back-off holds none), then the per-attempt timeout (which does not count the wait for the cap).
    /// Retries only idempotent reads (GET, or a request carrying <see cref="IdempotentReadKey"/>) and only transient
    /// failures: connection errors, attempt timeouts, 408/429/502/503/504. Never 400/422/500.
    /// </summary>
    public static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> builder, PrometheusOptions options, UpstreamGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        builder
            .AddTimeout(TotalBudget(options))
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(IsIdempotent(args.Context.GetRequestMessage()) && IsTransient(args.Outcome)),
            })
            .AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = "UpstreamGate",
                RateLimiter = args => gate.AcquireAsync(UpstreamGate.CurrentPartition, args.Context.CancellationToken),
            })
            .AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    /// <summary>GET/HEAD, or a request marked with <see cref="IdempotentReadKey"/>.</summary>
    public static bool IsIdempotent(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || (request.Options.TryGetValue(IdempotentRead, out var marked) && marked));

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
