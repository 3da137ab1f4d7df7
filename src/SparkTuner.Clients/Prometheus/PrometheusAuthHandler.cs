using System.Net.Http.Headers;
using System.Text;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// Adds the configured credentials and headers to every request. A token file is read again for every request,
/// so a rotated service-account token is picked up without a restart (the file is tiny; the request is not).
/// With <see cref="PrometheusOptions.ForwardUserToken"/>, a request made for a user (an <see cref="UpstreamScope"/>
/// other than the service's own <see cref="ServicePartition"/>) carries that user's token and never the configured
/// credentials; without a user token it is not sent at all.
/// </summary>
public sealed class PrometheusAuthHandler(PrometheusOptions options) : DelegatingHandler
{
    /// <summary>The partition of the service's own checks (build information for the status chip and <c>/readyz</c>): they use the configured credentials.</summary>
    public const string ServicePartition = "status";

    /// <summary>The message of a user request refused for want of a token (no Prometheus request is sent).</summary>
    public const string NoUserTokenMessage =
        "this request carried no user token (Authorization: Bearer), and Prometheus:ForwardUserToken says Prometheus is asked with the user's token: open SparkTuner through the OpenShift console";

    /// <inheritdoc/>
    /// <exception cref="HttpRequestException">The token file cannot be read.</exception>
    /// <exception cref="UserTokenMissingException">A user request carries no token while <see cref="PrometheusOptions.ForwardUserToken"/> is on.</exception>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (options.ForwardUserToken && UpstreamScope.Current is var scope && scope?.Partition != ServicePartition)
        {
            if (scope?.UserToken is not { } user)
            {
                // Not the service account's view instead: that would show a user what their own token may not see.
                throw new UserTokenMissingException();
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user);
        }
        else if (!string.IsNullOrEmpty(options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken.Trim());
        }
        else if (!string.IsNullOrEmpty(options.BearerTokenFile))
        {
            string token;
            try
            {
                token = File.ReadAllText(options.BearerTokenFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The file name is configuration, not a secret; the content never appears.
                throw new HttpRequestException($"bearer token file '{options.BearerTokenFile}' cannot be read: {e.GetType().Name}");
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (options.BasicAuth is { } basic)
        {
            var raw = Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// A user's request was not sent to Prometheus: <see cref="PrometheusOptions.ForwardUserToken"/> is on and the request
/// carried no bearer token. Not an <see cref="HttpRequestException"/>, so the resilience pipeline does not retry it.
/// </summary>
public sealed class UserTokenMissingException() : Exception(PrometheusAuthHandler.NoUserTokenMessage);
