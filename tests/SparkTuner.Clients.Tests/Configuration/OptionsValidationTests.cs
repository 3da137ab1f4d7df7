using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Configuration;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Configuration;

/// <summary>
/// The configuration shape the web app and the CLI share (<c>AddSparkTuner</c>), validated as at start-up: every section
/// is checked key by key, each failure names the key, the value and what was expected.
/// </summary>
public sealed class OptionsValidationTests
{
    private static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection().AddSparkTuner(configuration).BuildServiceProvider();

    private static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"), optional: false)
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    private static IReadOnlyList<string> Failures(params (string Key, string? Value)[] settings)
    {
        using var sp = Services(Settings(settings));
        var ex = Assert.Throws<OptionsValidationException>(sp.ValidateOnStartNow);
        return ex.Failures.ToList();
    }

    [Fact]
    public void ShippedAppsettings_Valid()
    {
        using var sp = Services(Settings());

        sp.ValidateOnStartNow();

        Assert.Equal(DiscoveryProfile.SparkNative, sp.GetRequiredService<IOptions<RunsOptions>>().Value.DiscoveryProfile);
    }

    [Theory]
    [InlineData("kubernetes", DiscoveryProfile.Kubernetes)]
    [InlineData("Kubernetes", DiscoveryProfile.Kubernetes)]
    [InlineData("spark-native", DiscoveryProfile.SparkNative)]
    [InlineData("SparkNative", DiscoveryProfile.SparkNative)]
    [InlineData("SPARK_NATIVE", DiscoveryProfile.SparkNative)]
    public void DiscoveryProfile_AnyCaseWithOrWithoutDash_BoundAndUsedByDiscovery(string text, DiscoveryProfile expected)
    {
        using var sp = Services(Settings(("Runs:DiscoveryProfile", text)));

        sp.ValidateOnStartNow();

        var runs = sp.GetRequiredService<IOptions<RunsOptions>>().Value;
        Assert.Equal(expected, runs.DiscoveryProfile);
        Assert.Equal(expected.Options().Metric, runs.DiscoveryOptions(TimeSpan.FromSeconds(5)).Metric);
    }

    [Theory]
    [InlineData("kubernets")]
    [InlineData("1")]
    [InlineData("spark native")]
    public void DiscoveryProfile_Misspelt_RefusedNotDefaulted(string text)
    {
        var failure = Assert.Single(Failures(("Runs:DiscoveryProfile", text)));

        Assert.Equal($"Runs:DiscoveryProfile = '{text}' is not valid; expected spark-native or kubernetes.", failure);
    }

    [Fact]
    public void VariantPattern_InvalidRegex_NamesKeyValueAndExpectation()
    {
        var failure = Assert.Single(Failures(("Runs:VariantPattern", "(")));

        Assert.StartsWith("Runs:VariantPattern = '(' is not a valid regular expression (", failure, StringComparison.Ordinal);
        Assert.Contains("; expected a .NET regular expression with a group (?<variant>…)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Profiles_UnknownName_CheckedAgainstTheCatalog()
    {
        var failure = Assert.Single(Failures(("Prometheus:Profiles:1", "kubernetse")));

        Assert.Equal("Prometheus:Profiles:1 = 'kubernetse' is not an exporter profile of the catalog; expected one of spark-native, jmx-exporter, kubernetes.", failure);
    }

    [Fact]
    public void Profiles_ProfileAddedByTheCatalogSection_Accepted()
    {
        using var sp = Services(Settings(
            ("Catalog:Profiles:0:Name", "my-exporter"),
            ("Catalog:Profiles:0:Metrics:jvm_heap:Driver:Query", "my_heap{app={app_name}}"),
            ("Prometheus:Profiles:0", "my-exporter")));

        sp.ValidateOnStartNow();
    }

    [Fact]
    public void UnknownKey_NamedWithItsSectionsKeysButNotItsValue()
    {
        var failure = Assert.Single(Failures(("Prometheus:BearerTokn", "s3cret-token")));

        Assert.StartsWith("Prometheus:BearerTokn is not a setting of Prometheus; expected one of BaseUrl, TimeoutSeconds, BearerToken, BearerTokenFile,", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ListGivenAsOneValue_RefusedEvenOverTheJsonList()
    {
        // Prometheus__Profiles=kubernetes over appsettings.json's list: the binder would keep the list and ignore it.
        var failure = Assert.Single(Failures(("Prometheus:Profiles", "kubernetes")));

        Assert.Equal("Prometheus:Profiles = 'kubernetes' is a single value; expected a list (Prometheus__Profiles__0=…, __1=…).", failure);
    }

    [Fact]
    public void Headers_AnyNames_Accepted()
    {
        using var sp = Services(Settings(("Prometheus:Headers:X-Scope-OrgID", "team-a"), ("SparkRest:Headers:X-Anything", "1")));

        sp.ValidateOnStartNow();
    }

    [Theory]
    [InlineData("31", "40", "Runs:LookbackDays = '40' is longer than Runs:MaxSearchRangeDays = '31'; expected a lookback within the longest search range.")]
    [InlineData("0", "15", "Runs:MaxSearchRangeDays = '0' is out of range; expected 1 to 3650 days.")]
    [InlineData("3651", "15", "Runs:MaxSearchRangeDays = '3651' is out of range; expected 1 to 3650 days.")]
    public void Runs_SearchRangeShorterThanLookbackOrOutOfRange_FailsNamingTheKeys(string maxDays, string lookbackDays, string expected)
    {
        var failure = Assert.Single(Failures(("Runs:MaxSearchRangeDays", maxDays), ("Runs:LookbackDays", lookbackDays)));

        Assert.Equal(expected, failure);
    }

    [Fact]
    public void SeveralSectionsWrong_EveryKeyNamedOnce()
    {
        var failures = Failures(
            ("Runs:LookbackDays", "0"),
            ("Prometheus:TimeoutSeconds", "ten"),
            ("SparkRest:BaseUrl", "history:18080"),
            ("Prometheus:ReplicaLabels:0", "prometheus-replica"));

        Assert.Equal(4, failures.Count);
        Assert.Contains("Runs:LookbackDays = '0' is out of range; expected 1 to 3650 days.", failures);
        Assert.Contains("Prometheus:TimeoutSeconds = 'ten' is not valid; expected a whole number.", failures);
        Assert.Contains(failures, f => f.StartsWith("SparkRest:BaseUrl = 'history:18080' is not an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Prometheus:ReplicaLabels:0 = 'prometheus-replica' is not a Prometheus label name", StringComparison.Ordinal));
    }

    [Fact]
    public void BaseUrlWithCredentials_Invalid_CredentialsNotEchoed()
    {
        var failure = Assert.Single(Failures(("Prometheus:BaseUrl", "ftp://user:s3cret@prom:9090")));

        Assert.Equal("Prometheus:BaseUrl = 'ftp://***@prom:9090' is not an absolute http or https URL; expected e.g. http://prometheus:9090 or https://thanos-querier:9091.", failure);
    }
}
