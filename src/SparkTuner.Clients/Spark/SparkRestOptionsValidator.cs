using Microsoft.Extensions.Options;

namespace SparkTuner.Clients.Spark;

/// <summary>Validates <see cref="SparkRestOptions"/> at start-up (registered with ValidateOnStart); each failure names key, value and what was expected.</summary>
public sealed class SparkRestOptionsValidator : IValidateOptions<SparkRestOptions>
{
    private const string Section = SparkRestOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SparkRestOptions options)
    {
        var failures = new List<string>();
        if (options.TimeoutSeconds < 1)
        {
            failures.Add($"{Section}:TimeoutSeconds = '{options.TimeoutSeconds}' is out of range; expected at least 1 second.");
        }
        if (options.IsConfigured
            && !(Uri.TryCreate(options.NormalisedBaseUrl(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"{Section}:BaseUrl = '{options.BaseUrl}' is not an absolute http or https URL; expected e.g. http://spark-history:18080 or http://driver:4040 (or leave it unset).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
