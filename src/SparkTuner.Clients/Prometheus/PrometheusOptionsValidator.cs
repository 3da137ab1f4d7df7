using Microsoft.Extensions.Options;

namespace SparkTuner.Clients.Prometheus;

/// <summary>Validates <see cref="PrometheusOptions"/> at start-up (registered with ValidateOnStart).</summary>
public sealed class PrometheusOptionsValidator : IValidateOptions<PrometheusOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PrometheusOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Prometheus:BaseUrl must be an absolute http or https URL.");
        }
        if (options.TimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"Prometheus:TimeoutSeconds must be between 1 and 600 (was {options.TimeoutSeconds}).");
        }
        if (options.ScrapeIntervalSeconds < 1)
        {
            failures.Add("Prometheus:ScrapeIntervalSeconds must be at least 1.");
        }
        if (!string.IsNullOrEmpty(options.BearerToken) && !string.IsNullOrEmpty(options.BearerTokenFile))
        {
            failures.Add("Prometheus:BearerToken and Prometheus:BearerTokenFile cannot both be set.");
        }
        var hasBearer = !string.IsNullOrEmpty(options.BearerToken) || !string.IsNullOrEmpty(options.BearerTokenFile);
        if (options.BasicAuth is { } basic)
        {
            if (string.IsNullOrEmpty(basic.Username)) failures.Add("Prometheus:BasicAuth:Username is required when BasicAuth is set.");
            if (hasBearer) failures.Add("Prometheus:BasicAuth cannot be combined with a bearer token.");
        }
        if (!string.IsNullOrEmpty(options.CaFile) && !File.Exists(options.CaFile))
        {
            failures.Add($"Prometheus:CaFile '{options.CaFile}' does not exist.");
        }
        foreach (var label in options.ReplicaLabels)
        {
            if (!SparkTuner.Core.Query.PromQl.IsValidLabelName(label))
            {
                failures.Add($"Prometheus:ReplicaLabels: '{label}' is not a valid Prometheus label name.");
            }
        }
        foreach (var (key, _) in options.Headers)
        {
            if (string.Equals(key, "Authorization", StringComparison.OrdinalIgnoreCase) && (hasBearer || options.BasicAuth is not null))
            {
                failures.Add("Prometheus:Headers:Authorization conflicts with the configured bearer/basic authentication.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
