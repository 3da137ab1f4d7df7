using System.Text;
using System.Text.Json;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Clients.Security;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Prometheus;

/// <summary>
/// The Prometheus client redacts the configured credentials from upstream text before it cuts that text: a body
/// snippet (80 characters), an error envelope (500 characters) and warnings.
/// </summary>
public sealed class PrometheusRedactionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private const string Password = "s3cret-pw-0123456789-abcdefgh";
    private static readonly string Header = Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana:" + Password));

    private static PrometheusTimeSeriesSource Source(StubPrometheus stub) => PrometheusTimeSeriesSource.Create(new PrometheusOptions
    {
        BaseUrl = stub.BaseUrl,
        TimeoutSeconds = 5,
        BasicAuth = new PrometheusBasicAuth { Username = "grafana", Password = Password },
    });

    private static void AssertNoPartOf(string secret, string text)
    {
        for (var i = 0; i + 12 <= secret.Length; i++)
        {
            Assert.DoesNotContain(secret.Substring(i, 12), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PlainTextBody_Base64HeaderAcrossThe80CharacterCut_NothingThatDecodesToThePasswordLeft()
    {
        // The header starts at every position that puts the 80-character cut inside it. One stub answers them all (each
        // listener opened and closed costs a port).
        var body = "";
        using var stub = new StubPrometheus(_ => new StubAnswer(500, Volatile.Read(ref body), "text/plain"));
        using var source = Source(stub);
        for (var start = 80 - Header.Length + 1; start < 80; start++)
        {
            var prefix = "Authorization: Basic ";
            Volatile.Write(ref body, new string('.', Math.Max(0, start - prefix.Length)) + prefix + Header + " (echoed by the proxy)");

            var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryInstantAsync("up", Now));

            Assert.Equal(Header, stub.Last.Headers["Authorization"]["Basic ".Length..]);
            // Redacted first, cut after: the cut falls inside the replacement, not inside the header.
            Assert.Contains("Basic [", ex.Message);
            AssertNoPartOf(Header, ex.ToString());
            AssertNoPartOf(Password, ex.ToString());
        }
    }

    [Fact]
    public async Task ErrorEnvelope_PasswordAcrossThe500CharacterCut_Redacted()
    {
        var error = new string('x', 480) + " password=" + Password + " end";
        var body = JsonSerializer.Serialize(new { status = "error", errorType = "bad_data", error });
        using var stub = new StubPrometheus(new StubAnswer(400, body));
        using var source = Source(stub);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryInstantAsync("up", Now));

        Assert.Equal("bad_data", ex.ErrorType);
        Assert.Contains("password=[", ex.Message);
        AssertNoPartOf(Password, ex.ToString());
    }

    [Fact]
    public async Task Warnings_CarryingTheHeader_Redacted()
    {
        var body = JsonSerializer.Serialize(new
        {
            status = "success",
            data = new { resultType = "vector", result = Array.Empty<object>() },
            warnings = new[] { "proxy saw Authorization: Basic " + Header },
        });
        using var stub = new StubPrometheus(new StubAnswer(200, body));
        using var source = Source(stub);

        var result = await source.QueryInstantAsync("up", Now);

        Assert.Equal("proxy saw Authorization: Basic " + SecretRedactor.Replacement, Assert.Single(result.Warnings));
    }
}
