using Microsoft.Extensions.Options;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Clients.Configuration;

/// <summary>
/// Checks <see cref="PrometheusOptions.Profiles"/> against the profiles of the catalog in use (built-in plus the
/// configuration's <c>Catalog</c> section) at start-up, so a misspelt profile stops the start instead of failing every
/// comparison later.
/// </summary>
public sealed class PrometheusProfilesValidator(MetricCatalog catalog) : IValidateOptions<PrometheusOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PrometheusOptions options)
    {
        var known = catalog.Profiles.Select(p => p.Name).ToList();
        var failures = new List<string>();
        for (var i = 0; i < options.Profiles.Count; i++)
        {
            var profile = options.Profiles[i];
            if (!known.Contains(profile, StringComparer.Ordinal))
            {
                failures.Add($"{PrometheusOptions.SectionName}:Profiles:{i} = '{profile}' is not an exporter profile of the catalog; expected one of {string.Join(", ", known)}.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
