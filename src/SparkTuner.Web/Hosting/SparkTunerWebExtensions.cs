using MudBlazor.Services;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Web.Components;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Hosting;

/// <summary>Registrations and the request pipeline, grouped by concern so Program.cs stays short.</summary>
public static class SparkTunerWebExtensions
{
    public static WebApplicationBuilder AddSparkTunerWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddSparkTuner(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DataSourceStatusService>();
        builder.Services.AddScoped<RunsService>();
        builder.Services.AddScoped<ComparePageService>();
        builder.Services.AddScoped<SparkRestPageService>();
        builder.Services.AddScoped<DataSourcePageService>();
        builder.Services.AddOptions<SparkTuner.Web.Model.ChartDrawingOptions>()
            .Bind(builder.Configuration.GetSection("Charts"))
            .Validate(o => o.DrawWhenVisibleAboveTraces >= 1, "Charts:DrawWhenVisibleAboveTraces must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddMudServices();
        // Package assets (MudBlazor's 600 KB stylesheet) are only precompressed by publish; compress them under `dotnet run` too.
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // Never send exception details to the browser; pages show their own messages.
            o.DetailedErrors = false;
        });
        return builder;
    }

    public static WebApplication UseSparkTunerWeb(this WebApplication app)
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseResponseCompression();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapSparkTunerApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
