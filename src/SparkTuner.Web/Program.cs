using SparkTuner.Web.Hosting;

SparkTunerWebExtensions.ExitWithConfigurationErrors();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // bin/ or publish/: where the root appsettings.json was copied.
    ContentRootPath = AppContext.BaseDirectory,
});
// Serve static web assets from the build manifest in every environment (a no-op after publish).
builder.WebHost.UseStaticWebAssets();
builder.AddSparkTunerWeb();

var app = builder.Build();
app.UseSparkTunerWeb();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
