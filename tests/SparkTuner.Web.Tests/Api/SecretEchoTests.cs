using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SparkTuner.Clients.Security;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// An upstream that echoes the request's headers in its error text (some proxies do), in front of the real demo
/// Prometheus. The configured credentials (bearer token, token file, basic auth and its base64 header, and a header
/// value) appear nowhere: not in /api/compare (JSON and CSV), /api/runs, /api/doctor or /readyz, not in the app's
/// log, and not in the CLI's output. Each test also checks that the echo did reach those answers, redacted, so it
/// would fail if the redaction were removed.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class SecretEchoTests(DemoAppFixture fx) : IDisposable
{
    private readonly List<string> _files = [];

    private DemoPrometheusFixture Prom => fx.Prometheus;

    private string CompareUrl(string? extra = null) =>
        $"/api/compare?baseline={string.Join(",", Prom.Ids("noncached"))}&candidate={string.Join(",", Prom.Ids("cached"))}{extra}";

    public static TheoryData<string> Kinds => ["bearer", "token-file", "basic"];

    public void Dispose()
    {
        foreach (var file in _files) File.Delete(file);
    }

    private static Credentials Make(string kind, List<string> files) => Credentials.Make(kind, files);

    private static void AssertNoSecret(Credentials credentials, string text, string where) => credentials.AssertNotIn(text, where);

    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App(string url, Credentials credentials) =>
        new SparkTunerAppFactory(url).WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in credentials.Settings) b.UseSetting(key, value);
            // Everything down to Debug, so the log records what any component would ever write.
            b.UseSetting("Logging:LogLevel:Default", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
            b.UseSetting("Logging:LogLevel:System.Net.Http", "Debug");
            b.ConfigureLogging(l => l.AddFakeLogging());
        });

    private static string LogText(IServiceProvider services)
    {
        var sb = new StringBuilder();
        foreach (var record in services.GetRequiredService<FakeLogCollector>().GetSnapshot())
        {
            sb.Append(record.Category).Append(": ").AppendLine(record.Message);
            if (record.Exception is { } e) sb.AppendLine(e.ToString());
            foreach (var (key, value) in record.StructuredState ?? []) sb.Append(key).Append('=').AppendLine(value);
        }
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EchoOnCpuQueriesAndBuildInfo_CompareJsonCsvRunsReadyzAndLog_NoSecretButTheEchoRedacted(string kind)
    {
        var credentials = Make(kind, _files);
        using var proxy = EchoingProxy.Start(Prom.BaseUrl, r => r.Path.EndsWith("/status/buildinfo", StringComparison.Ordinal) || EchoingProxy.QueryContains(r, "cputime"));
        await using var app = App(proxy.BaseUrl, credentials);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/readyz");
        var readyText = await ready.Content.ReadAsStringAsync();
        using var json = await client.GetAsync(CompareUrl());
        var jsonText = await json.Content.ReadAsStringAsync();
        using var csv = await client.GetAsync(CompareUrl("&format=csv"));
        var csvText = await csv.Content.ReadAsStringAsync();
        using var runs = await client.GetAsync("/api/runs");
        var runsText = await runs.Content.ReadAsStringAsync();

        // The credentials were sent, and echoed.
        Assert.Contains(proxy.Requests, r => r.Headers.ContainsKey("Authorization") && r.Headers.ContainsKey("X-Api-Key"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Contains("Authorization: " + (kind == "basic" ? "Basic " : "Bearer ") + SecretRedactor.Replacement, readyText);
        Assert.Contains(SecretRedactor.Replacement, jsonText);
        Assert.Contains(SecretRedactor.Replacement, csvText);
        Assert.Contains("X-Api-Key: " + SecretRedactor.Replacement, jsonText);

        AssertNoSecret(credentials, readyText, "/readyz");
        AssertNoSecret(credentials, jsonText, "/api/compare");
        AssertNoSecret(credentials, csvText, "/api/compare?format=csv");
        AssertNoSecret(credentials, runsText, "/api/runs");
        var log = LogText(app.Services);
        Assert.Contains(SecretRedactor.Replacement, log);
        AssertNoSecret(credentials, log, "the log");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EchoOnEveryRequest_RunsCompareDoctorReadyzAndLog_NoSecretButTheEchoRedacted(string kind)
    {
        var credentials = Make(kind, _files);
        using var proxy = EchoingProxy.Start(null, _ => true);
        await using var app = App(proxy.BaseUrl, credentials);
        using var client = app.CreateClient();

        var answers = new List<(string Where, HttpStatusCode Status, string Text)>();
        foreach (var path in new[] { "/readyz", "/api/runs", CompareUrl(), CompareUrl("&format=csv"), "/api/doctor" })
        {
            using var response = await client.GetAsync(path);
            answers.Add((path, response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"{a.Where}: {a.Status}"));
        Assert.All(answers, a => Assert.Contains(SecretRedactor.Replacement, a.Text));
        foreach (var (where, _, text) in answers) AssertNoSecret(credentials, text, where);
        AssertNoSecret(credentials, LogText(app.Services), "the log");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Cli_CompareRunsDoctorAgainstEchoingUpstream_NoSecretInOutput(string kind)
    {
        var credentials = Make(kind, _files);
        using var partial = EchoingProxy.Start(Prom.BaseUrl, r => EchoingProxy.QueryContains(r, "cputime"));
        using var full = EchoingProxy.Start(null, _ => true);

        var outputs = await Task.WhenAll(
            CliAsync(credentials, partial.BaseUrl, "compare", "--baseline", string.Join(",", Prom.Ids("noncached")),
                "--candidate", string.Join(",", Prom.Ids("cached"))),
            CliAsync(credentials, full.BaseUrl, "runs"),
            CliAsync(credentials, full.BaseUrl, "doctor"));
        var (compare, runs, doctor) = (outputs[0], outputs[1], outputs[2]);

        Assert.Contains(partial.Requests, r => r.Headers.ContainsKey("Authorization"));
        foreach (var (where, output) in new[] { ("sparktuner compare", compare), ("sparktuner runs", runs), ("sparktuner doctor", doctor) })
        {
            Assert.Contains(SecretRedactor.Replacement, output);
            AssertNoSecret(credentials, output, where);
        }
    }

    /// <summary>
    /// The CLI's own build output (same configuration as this test assembly). The copy beside the tests cannot run on its
    /// own: the test folder lacks assemblies that the CLI's deps.json names.
    /// </summary>
    private static string CliDirectory { get; } = Path.Combine(RepoPaths.Root, "src", "SparkTuner.Cli", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0");

    /// <summary>The CLI as a user runs it: its own process, credentials in the environment (Prometheus__BearerToken …). Stdout and stderr.</summary>
    private static async Task<string> CliAsync(Credentials credentials, string url, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? PrometheusServer.Binary("dotnet"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = CliDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(CliDirectory, "sparktuner.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--prometheus", url, "--scrape-interval", "5s" }) psi.ArgumentList.Add(a);
        foreach (var (key, value) in credentials.Settings) psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return $"{await stdout}\n{await stderr}";
    }
}
