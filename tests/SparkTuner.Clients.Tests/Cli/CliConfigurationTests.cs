using System.Globalization;
using SparkTuner.Cli;

namespace SparkTuner.Clients.Tests.Cli;

/// <summary>Environment variables are process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>The CLI validates the same configuration as the web app, before any query: exit 2 with one line naming the key.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CliConfigurationTests
{
    [Theory]
    [InlineData("Runs__DiscoveryProfile", "kubernets", "error: Runs:DiscoveryProfile = 'kubernets' is not valid; expected spark-native or kubernetes.")]
    [InlineData("Runs__VariantPattern", "(", "error: Runs:VariantPattern = '(' is not a valid regular expression")]
    [InlineData("Prometheus__Profiles__0", "sprak-native", "error: Prometheus:Profiles:0 = 'sprak-native' is not an exporter profile of the catalog; expected one of spark-native, jmx-exporter, kubernetes.")]
    [InlineData("Runs__LookbackDay", "3", "error: Runs:LookbackDay is not a setting of Runs; expected one of VariantPattern, DiscoveryProfile, LookbackDays, MaxSearchRangeDays, MaxRunsPerSide.")]
    public void Commands_Misconfigured_Exit2WithOneLineNamingTheKey(string variable, string value, string expected)
    {
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            foreach (string[] args in new[] { new[] { "runs" }, ["compare", "--baseline", "a", "--candidate", "b"], ["doctor"] })
            {
                var o = new StringWriter(CultureInfo.InvariantCulture);
                var e = new StringWriter(CultureInfo.InvariantCulture);
                // Port 9 (discard) on loopback: nothing is asked before the configuration is validated.
                var code = CommandDispatcher.Run([.. args, "--prometheus", "http://127.0.0.1:9", "--scrape-interval", "5s"], o, e);

                Assert.Equal(2, code);
                Assert.Equal("", o.ToString());
                var line = Assert.Single(e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.StartsWith(expected, line, StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
