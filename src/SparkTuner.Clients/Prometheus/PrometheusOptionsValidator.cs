using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SparkTuner.Core.Query;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// Validates <see cref="PrometheusOptions"/> at start-up (registered with ValidateOnStart): each failure reads
/// <c>Prometheus:KEY = 'VALUE' problem; expected …</c>. Credentials are never echoed. The profile names are checked
/// against the catalog by <c>PrometheusProfilesValidator</c>, where the catalog is known.
/// </summary>
public sealed partial class PrometheusOptionsValidator : IValidateOptions<PrometheusOptions>
{
    private const string Section = PrometheusOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PrometheusOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Section}:BaseUrl = '{WithoutUserInfo(options.BaseUrl)}' is not an absolute http or https URL; expected e.g. http://prometheus:9090 or https://thanos-querier:9091.");
        }
        if (options.TimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"{Section}:TimeoutSeconds = '{options.TimeoutSeconds}' is out of range; expected 1 to 600 seconds.");
        }
        if (options.CacheMegabytes is not (0 or (>= 1 and <= 65536)))
        {
            failures.Add($"{Section}:CacheMegabytes = '{options.CacheMegabytes}' is out of range; expected 0 (off) or 1 to 65536 MiB.");
        }
        if (options.ReduceAboveSamples < -1)
        {
            failures.Add($"{Section}:ReduceAboveSamples = '{options.ReduceAboveSamples}' is out of range; expected -1 (never), 0 (always) or a number of samples.");
        }
        if (options.RequestDeadlineSeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:RequestDeadlineSeconds = '{options.RequestDeadlineSeconds}' is out of range; expected 1 to 3600 seconds.");
        }
        if (options.MaxConcurrentQueries is < 1 or > 1000)
        {
            failures.Add($"{Section}:MaxConcurrentQueries = '{options.MaxConcurrentQueries}' is out of range; expected 1 to 1000 requests in flight.");
        }
        if (options.ScrapeIntervalSeconds < 1)
        {
            failures.Add($"{Section}:ScrapeIntervalSeconds = '{options.ScrapeIntervalSeconds}' is out of range; expected at least 1 second.");
        }
        if (!string.IsNullOrEmpty(options.BearerToken) && !string.IsNullOrEmpty(options.BearerTokenFile))
        {
            failures.Add($"{Section}:BearerToken and {Section}:BearerTokenFile cannot both be set; expected one of them.");
        }
        var hasBearer = !string.IsNullOrEmpty(options.BearerToken) || !string.IsNullOrEmpty(options.BearerTokenFile);
        if (options.BasicAuth is { } basic)
        {
            if (string.IsNullOrEmpty(basic.Username)) failures.Add($"{Section}:BasicAuth:Username is empty; expected a user name when BasicAuth is set.");
            if (hasBearer) failures.Add($"{Section}:BasicAuth cannot be combined with a bearer token; expected one kind of authentication.");
        }
        if (!string.IsNullOrEmpty(options.BearerTokenFile) && !File.Exists(options.BearerTokenFile))
        {
            failures.Add($"{Section}:BearerTokenFile = '{options.BearerTokenFile}' does not exist; expected a file holding the token (re-read when it changes).");
        }
        if (!string.IsNullOrEmpty(options.CaFile) && !File.Exists(options.CaFile))
        {
            failures.Add($"{Section}:CaFile = '{options.CaFile}' does not exist; expected a PEM file of the CA(s) to trust.");
        }
        for (var i = 0; i < options.ReplicaLabels.Count; i++)
        {
            if (!PromQl.IsValidLabelName(options.ReplicaLabels[i]))
            {
                failures.Add($"{Section}:ReplicaLabels:{i} = '{options.ReplicaLabels[i]}' is not a Prometheus label name; expected [a-zA-Z_][a-zA-Z0-9_]*.");
            }
        }
        foreach (var (key, _) in options.Headers)
        {
            if (string.Equals(key, "Authorization", StringComparison.OrdinalIgnoreCase) && (hasBearer || options.BasicAuth is not null))
            {
                failures.Add($"{Section}:Headers:Authorization conflicts with the configured bearer/basic authentication; expected one of them.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A URL as it may be shown: <c>user:password@</c> replaced, so a credential in a malformed URL is never echoed.</summary>
    private static string WithoutUserInfo(string? url) => UserInfo().Replace(url ?? "", "//***@");

    [GeneratedRegex("//[^/@]*@")]
    private static partial Regex UserInfo();
}
