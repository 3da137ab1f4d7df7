using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>The real web app (Program) on a TestServer, pointed at <paramref name="prometheusUrl"/> with a 5 s scrape interval.</summary>
public sealed class SparkTunerAppFactory(string prometheusUrl) : WebApplicationFactory<Program>
{
    public string PrometheusUrl => prometheusUrl;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Prometheus:BaseUrl", prometheusUrl);
        builder.UseSetting("Prometheus:ScrapeIntervalSeconds", "5");
        builder.UseSetting("Prometheus:TimeoutSeconds", "10");
    }
}

/// <summary>One demo Prometheus and one app over it for the whole assembly.</summary>
public sealed class DemoAppFixture : IAsyncLifetime
{
    private SparkTunerAppFactory? _app;

    public DemoPrometheusFixture Prometheus { get; } = new();

    public SparkTunerAppFactory App => _app ?? throw new InvalidOperationException("not started");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Prometheus.InitializeAsync();
        _app = new SparkTunerAppFactory(Prometheus.BaseUrl);
        Client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await Prometheus.DisposeAsync();
    }
}

/// <summary>The collection of the tests that share <see cref="DemoAppFixture"/> (one Prometheus per test assembly).</summary>
[CollectionDefinition(DemoPrometheusFixture.Collection)]
public sealed class DemoPrometheusCollection : ICollectionFixture<DemoAppFixture>;
