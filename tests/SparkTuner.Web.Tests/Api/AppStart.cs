using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Web.Hosting;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// Builds the web app the way Program.cs does (same registrations) with extra settings and runs the start-up
/// validation the host runs first when it starts (<see cref="IStartupValidator"/>), returning what it threw. Used instead of WebApplicationFactory for start failures: when the app's entry point
/// throws, the factory sometimes reports its own disposed service provider instead of the real error (seen 1 in 10 runs).
/// </summary>
internal static class AppStart
{
    /// <summary>The exception the start failed with; fails the test when the app started.</summary>
    public static async Task<Exception> FailureAsync(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(
            new[] { ("Prometheus:BaseUrl", "http://127.0.0.1:9") }.Concat(settings)
                .Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2)));
        try
        {
            builder.AddSparkTunerWeb();
            await using var app = builder.Build();
            // What the host runs first when it starts (ValidateOnStart): the same check, without serving anything.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("the app started: " + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")));
    }
}
