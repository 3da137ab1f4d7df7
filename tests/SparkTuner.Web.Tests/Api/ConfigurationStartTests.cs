using Microsoft.AspNetCore.Hosting;
using SparkTuner.Clients.Configuration;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// A mistake in any key or value of our sections stops the start, with the key, the value and what was expected —
/// never a start that fails later per request (500 HTML, 400 blaming the client) or a silent default.
/// </summary>
public sealed class ConfigurationStartTests
{
    // Never reached: the app must not get as far as asking it.
    private const string NoPrometheus = "http://127.0.0.1:9";

    /// <summary>The configuration errors the start failed with (the test host wraps what the host threw).</summary>
    private static IReadOnlyList<string> Errors(Exception thrown)
    {
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            if (ValidatedOptionsExtensions.ConfigurationErrors(e) is { } errors) return errors;
        }
        throw new Xunit.Sdk.XunitException("not a configuration error: " + thrown);
    }

    [Theory]
    [InlineData("Runs:VariantPattern", "(", "Runs:VariantPattern = '(' is not a valid regular expression", "expected a .NET regular expression with a group (?<variant>…)")]
    [InlineData("Runs:VariantPattern", "-(?<tag>x)$", "Runs:VariantPattern = '-(?<tag>x)$' has no named group 'variant'", "expected a .NET regular expression")]
    [InlineData("Prometheus:Profiles:0", "sprak-native", "Prometheus:Profiles:0 = 'sprak-native' is not an exporter profile of the catalog", "expected one of spark-native, jmx-exporter, kubernetes")]
    [InlineData("Runs:DiscoveryProfile", "kubernets", "Runs:DiscoveryProfile = 'kubernets' is not valid", "expected spark-native or kubernetes")]
    [InlineData("Runs:DiscoveryProfile", "1", "Runs:DiscoveryProfile = '1' is not valid", "expected spark-native or kubernetes")]
    [InlineData("Runs:VariantPatern", "-(?<variant>x)$", "Runs:VariantPatern is not a setting of Runs", "expected one of VariantPattern, DiscoveryProfile, LookbackDays")]
    [InlineData("Runs:LookbackDays", "0", "Runs:LookbackDays = '0' is out of range", "expected 1 to 3650 days")]
    [InlineData("Runs:MaxRunsPerSide", "0", "Runs:MaxRunsPerSide = '0' is out of range", "expected 1 to 200 runs")]
    [InlineData("Runs:MaxRunsPerSide", "201", "Runs:MaxRunsPerSide = '201' is out of range", "expected 1 to 200 runs")]
    [InlineData("Prometheus:TimeoutSeconds", "ten", "Prometheus:TimeoutSeconds = 'ten' is not valid", "expected a whole number")]
    [InlineData("Prometheus:Profiles", "spark-native", "Prometheus:Profiles = 'spark-native' is a single value", "expected a list (Prometheus__Profiles__0=…")]
    [InlineData("Prometheus:BasicAuth:Passwrd", "s3cret", "Prometheus:BasicAuth:Passwrd is not a setting of Prometheus:BasicAuth", "expected one of Username, Password")]
    [InlineData("SparkRest:BaseUrl", "spark-history:18080", "SparkRest:BaseUrl = 'spark-history:18080' is not an absolute http or https URL", "expected e.g. http://spark-history:18080")]
    [InlineData("SparkRest:TimeoutSecond", "5", "SparkRest:TimeoutSecond is not a setting of SparkRest", "expected one of BaseUrl, TimeoutSeconds, BearerToken, Headers")]
    [InlineData("Charts:DrawWhenVisibleAboveTraces", "many", "Charts:DrawWhenVisibleAboveTraces = 'many' is not valid", "expected a whole number")]
    [InlineData("Prometheus:TimeoutSeconds", "", "Prometheus:TimeoutSeconds is empty", "expected a whole number")]
    [InlineData("Runs:DiscoveryProfile", "", "Runs:DiscoveryProfile is empty", "expected spark-native or kubernetes")]
    [InlineData("Prometheus:BearerTokenFile", "/nonexistent/token", "Prometheus:BearerTokenFile = '/nonexistent/token' does not exist", "expected a file holding the token")]
    public async Task Start_Misconfigured_RefusedNamingKeyValueAndExpectation(string key, string value, string problem, string expectation)
    {
        var ex = await AppStart.FailureAsync((key, value));

        var line = Assert.Single(Errors(ex));
        Assert.StartsWith(problem, line, StringComparison.Ordinal);
        Assert.Contains(expectation, line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TwoSectionsWrong_BothNamed()
    {
        var ex = await AppStart.FailureAsync(("Runs:DiscoveryProfile", "kubernets"), ("Prometheus:Profiles:0", "sprak-native"));

        var errors = Errors(ex);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Runs:DiscoveryProfile", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Prometheus:Profiles:0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("spark-native")]
    [InlineData("SparkNative")]
    [InlineData("Kubernetes")]
    [InlineData("KUBERNETES")]
    public async Task Start_DiscoveryProfileAnyCase_Starts(string profile)
    {
        await using var app = new SparkTunerAppFactory(NoPrometheus).WithWebHostBuilder(b => b.UseSetting("Runs:DiscoveryProfile", profile));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
