using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace SparkTuner.Web.Tests;

/// <summary>
/// The one bunit context of the web tests: MudBlazor services, loose JS interop (Plotly and MudBlazor calls are
/// recorded, not executed), a fixed clock, and async disposal (xunit 2 would otherwise dispose synchronously and
/// MudBlazor's PopoverService only implements IAsyncDisposable).
/// </summary>
public abstract class BunitTestContext : BunitContext, IAsyncLifetime
{
    /// <summary>The instant every test sees as "now".</summary>
    public static readonly DateTimeOffset Now = new(2024, 6, 11, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Charts with up to this many lines draw at once in these tests (Charts:DrawWhenVisibleAboveTraces).</summary>
    public const int DrawnAtOnceTraces = 60;

    protected BunitTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
        // bunit has no viewport: charts up to DrawnAtOnceTraces lines draw at once here, so tests see Plotly's calls.
        // The product's default (0: every chart waits for the viewport) has its own tests.
        Services.AddOptions<SparkTuner.Web.Model.ChartDrawingOptions>().Configure(o => o.DrawWhenVisibleAboveTraces = DrawnAtOnceTraces);
    }

    /// <summary>Render as in a live circuit (interactive server): pages do their work only there, not while prerendering.
    /// Call after all services are registered.</summary>
    protected void RenderAsInteractiveServer() =>
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    /// <summary>The fixed clock registered as <see cref="TimeProvider"/>.</summary>
    protected FixedTimeProvider Clock { get; } = new(Now);

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}

/// <summary>A clock that always says <see cref="BunitTestContext.Now"/> (or what a test sets).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    /// <summary>The current instant; tests may move it.</summary>
    public DateTimeOffset Now { get; set; } = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;
}
