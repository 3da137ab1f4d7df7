using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Clients.Security;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Tests.Security;

public sealed class SecretRedactorTests
{
    private const string Token = "tok3n-Secret-0123456789abcdef";
    private const string R = SecretRedactor.Replacement;

    [Fact]
    public void Redact_ExactValue_ReplacedEveryTimeAndTextAroundKept()
    {
        var redactor = new SecretRedactor([Token]);

        var text = $"denied: Authorization: Bearer {Token}; again {Token}.";

        Assert.Equal($"denied: Authorization: Bearer {R}; again {R}.", redactor.Redact(text));
    }

    [Fact]
    public void Redact_UpstreamLowerCasedTheEcho_Base64CredentialStillRemoved()
    {
        var options = new PrometheusOptions { BasicAuth = new PrometheusBasicAuth { Username = "alice", Password = "Wonder-Land-42" } };
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:Wonder-Land-42"));

        var redacted = SecretRedactor.For(options).Redact($"echo: authorization: basic {header.ToLowerInvariant()} / {Token.ToUpperInvariant()}");

        Assert.Equal($"echo: authorization: basic {R} / {Token.ToUpperInvariant()}", redacted);
    }

    [Fact]
    public void Redact_NoSecretInText_ReturnsTheSameInstance()
    {
        var redactor = new SecretRedactor([Token]);
        var text = "rejected it (bad_data): parse error at char 4";

        Assert.Same(text, redactor.Redact(text));
    }

    [Fact]
    public void Redact_BasicAuth_Base64OfUserColonPasswordAndThePasswordRemoved()
    {
        var options = new PrometheusOptions { BasicAuth = new PrometheusBasicAuth { Username = "grafana", Password = "pa55-w0rd-xyz" } };
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana:pa55-w0rd-xyz"));

        var redacted = SecretRedactor.For(options).Redact($"401 for 'Basic {header}' (user grafana, password pa55-w0rd-xyz)");

        Assert.Equal($"401 for 'Basic {R}' (user grafana, password {R})", redacted);
    }

    [Fact]
    public void Redact_Base64CutByTheUpstream_NoPartThatDecodesToThePasswordSurvives()
    {
        var options = new PrometheusOptions { BasicAuth = new PrometheusBasicAuth { Username = "u", Password = "correct-horse-battery-staple" } };
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("u:correct-horse-battery-staple"));
        var redactor = SecretRedactor.For(options);

        // The upstream cut its echo at every possible place: what is left must not hold 8 characters of the header.
        for (var cut = SecretRedactor.MinFragmentLength; cut < header.Length; cut++)
        {
            var redacted = redactor.Redact($"headers: Authorization=Basic {header[..cut]}… (truncated)");

            Assert.Equal($"headers: Authorization=Basic {R}… (truncated)", redacted);
        }
    }

    [Fact]
    public void Redact_ValueSplitByACut_StartAtTheEndAndEndAtTheStartBothRemoved()
    {
        var redactor = new SecretRedactor([Token]);

        Assert.Equal($"Bearer {R}", redactor.Redact("Bearer " + Token[..12]));
        Assert.Equal($"{R} was refused", redactor.Redact(Token[^10..] + " was refused"));
        // Fewer than MinFragmentLength characters are too likely to be ordinary text: kept.
        Assert.Equal("Bearer tok3n-S", redactor.Redact("Bearer " + Token[..7]));
    }

    [Fact]
    public void Redact_ShortOrEmptySecrets_Ignored()
    {
        var redactor = new SecretRedactor(["", null, "   ", "abc", "12345"]);
        var text = "abc 12345 status 500";

        Assert.Same(text, redactor.Redact(text));
    }

    [Theory]
    [InlineData("a.b*c+d?e(f)[g]{h}|i^j$k\\l")]
    [InlineData("(.*)")]
    [InlineData("$1$2$0-\\1")]
    public void Redact_RegexSpecialCharacters_MatchedLiterally(string secret)
    {
        var padded = secret.Length < SecretRedactor.MinSecretLength ? secret + "-pad-1" : secret;
        var redactor = new SecretRedactor([padded]);

        Assert.Equal($"x-key: {R}!", redactor.Redact($"x-key: {padded}!"));
    }

    [Fact]
    public void Redact_SecretThatIsARegexPattern_TextThePatternWouldMatchKept()
    {
        var redactor = new SecretRedactor(["(.*)-pad-1"]);

        Assert.Equal("abcdef-pad-1", redactor.Redact("abcdef-pad-1"));
        Assert.Equal($"[{R}]", redactor.Redact("[(.*)-pad-1]"));
    }

    [Fact]
    public void Redact_EncodedEchoes_JsonUrlAndHtmlFormsRemoved()
    {
        const string secret = "k+y/v<a>l&u\"e=";
        var redactor = new SecretRedactor([secret]);

        Assert.Equal($"{{\"auth\":\"{R}\"}}", redactor.Redact("{\"auth\":\"k\\u002By/v\\u003Ca\\u003El\\u0026u\\u0022e=\"}"));
        Assert.Equal($"?token={R}", redactor.Redact("?token=" + Uri.EscapeDataString(secret)));
        Assert.Equal($"<p>{R}</p>", redactor.Redact("<p>" + System.Net.WebUtility.HtmlEncode(secret) + "</p>"));
    }

    [Fact]
    public void Redact_HeaderValuesAndSparkToken_Removed()
    {
        var prometheus = new PrometheusOptions { Headers = { ["X-Api-Key"] = "key-0000-1111-2222" } };
        var spark = new SparkRestOptions { BearerToken = "spark-token-9876543210", Headers = { ["X-Proxy-Secret"] = "proxy-secret-value" } };

        Assert.Equal($"echo {R}", SecretRedactor.For(prometheus).Redact("echo key-0000-1111-2222"));
        Assert.Equal($"echo {R} {R}", SecretRedactor.For(spark).Redact("echo spark-token-9876543210 proxy-secret-value"));
    }

    [Fact]
    public void Redact_TokenFile_ReadAgainAfterRotationAndTheOldTokenStillRemoved()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "first-token-aaaaaaaa\n");
            var redactor = SecretRedactor.For(new PrometheusOptions { BearerTokenFile = file });
            Assert.Equal($"Bearer {R}", redactor.Redact("Bearer first-token-aaaaaaaa"));

            File.WriteAllText(file, "second-token-bbbbbbbb\n");

            Assert.Equal($"Bearer {R}", redactor.Redact("Bearer second-token-bbbbbbbb"));
            Assert.Equal($"Bearer {R}", redactor.Redact("Bearer first-token-aaaaaaaa"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Scrub_SecretInMessageAndInner_MessageRedactedAndInnerDropped()
    {
        var redactor = new SecretRedactor([Token]);
        var inner = new InvalidOperationException("body: " + Token);
        var error = new DataSourceException("unavailable", "failed: " + Token, "up", 503, inner);

        var scrubbed = redactor.Scrub(error);

        Assert.Equal($"failed: {R}", scrubbed.Message);
        Assert.Null(scrubbed.InnerException);
        Assert.Equal(("unavailable", "up", (int?)503), (scrubbed.ErrorType, scrubbed.Query, scrubbed.StatusCode));
        Assert.DoesNotContain(Token, scrubbed.ToString());
    }

    [Fact]
    public void Scrub_NothingSecret_SameInstanceWithItsInner()
    {
        var redactor = new SecretRedactor([Token]);
        var error = new DataSourceException("timeout", "did not answer", null, null, new TimeoutException("slow"));

        Assert.Same(error, redactor.Scrub(error));
    }
}
