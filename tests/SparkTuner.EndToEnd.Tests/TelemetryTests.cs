using System.Globalization;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>The dashboard's /metrics counts the Blazor circuits of real browser sessions.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TelemetryTests(DashboardFixture fx)
{
    private const string Circuits = "sparktuner_circuits_open";

    private async Task<double> OpenCircuitsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync(fx.BaseUrl + "/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith(Circuits + " ", StringComparison.Ordinal));
        return double.Parse(line[(Circuits.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_BrowserOpensAndClosesAPage_OpenCircuitsUpByOneThenBack()
    {
        using var http = new HttpClient();
        var before = await OpenCircuitsAsync(http);
        var page = await fx.NewPageAsync();

        await fx.GotoInteractiveAsync(page, "/");
        var open = await OpenCircuitsAsync(http);
        // Closing the tab sends Blazor's disconnect beacon: the circuit closes at once, not after the retention period.
        await page.CloseAsync(new() { RunBeforeUnload = true });
        var after = open;
        for (var i = 0; i < 100 && after > before; i++)
        {
            await Task.Delay(100);
            after = await OpenCircuitsAsync(http);
        }

        Assert.Equal(before + 1, open);
        Assert.Equal(before, after);
    }
}
