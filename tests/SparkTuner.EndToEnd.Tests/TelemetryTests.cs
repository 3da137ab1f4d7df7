using System.Globalization;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>The dashboard's /metrics counts the Blazor circuits of real browser sessions.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TelemetryTests(DashboardFixture fx)
{
    private const string Open = "sparktuner_circuits_open";
    private const string Connected = "sparktuner_circuits_connected";

    private async Task<(double Open, double Connected)> CircuitsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync(fx.BaseUrl + "/metrics");
        double Value(string name) => double.Parse(
            text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
        return (Value(Open), Value(Connected));
    }

    [Fact]
    public async Task Metrics_BrowserOpensAndClosesAPage_CircuitOpenAndConnectedThenDisconnected()
    {
        using var http = new HttpClient();
        var before = await CircuitsAsync(http);
        var page = await fx.NewPageAsync();

        await fx.GotoInteractiveAsync(page, "/");
        var open = await CircuitsAsync(http);
        await page.CloseAsync();
        // The server sees the WebSocket go down shortly after the tab closes.
        var after = open;
        for (var i = 0; i < 100 && after.Connected > before.Connected; i++)
        {
            await Task.Delay(100);
            after = await CircuitsAsync(http);
        }

        Assert.Equal((before.Open + 1, before.Connected + 1), open);
        Assert.Equal(before.Connected, after.Connected);
        // Open until closed: at once when the unload beacon arrives, else after the retention period.
        Assert.InRange(after.Open, before.Open, before.Open + 1);
    }
}
