using System.Net.Http.Headers;
using System.Text;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// Adds the configured credentials and headers to every request. A token file is read again for every request,
/// so a rotated service-account token is picked up without a restart (the file is tiny; the request is not).
/// </summary>
public sealed class PrometheusAuthHandler(PrometheusOptions options) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (!string.IsNullOrEmpty(options.BearerToken))
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
