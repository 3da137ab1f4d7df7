using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using SparkTuner.Demo;
using SparkTuner.Demo.Rest;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// <c>sparktuner demo-rest</c>: serves Spark's REST API (<c>/api/v1</c>) for the demo runs of a manifest on loopback, so
/// the dashboard's Spark REST sections work with the demo data. Runs until Ctrl-C / SIGTERM.
/// </summary>
public static class DemoRestCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "demo-rest";

    /// <summary>One-line description.</summary>
    public const string Summary = "serve Spark's REST API (/api/v1) for the DEMO runs of a manifest on loopback";

    /// <summary>The command: its options and what it does (until Ctrl-C or SIGTERM; 0 ok, 1 failure, 2 usage error).</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var manifest = CliOptions.Text("--manifest", "FILE", "manifest written by 'sparktuner demo --manifest FILE'", required: true);
        var port = CliOptions.Integer("--port", "TCP port (default 18080, Spark's history server port)", 1, 65535);
        var host = CliOptions.Create("--host", "H", "loopback address to bind (default 127.0.0.1)",
            (k, v) => IPAddress.TryParse(v, out var ip) && IPAddress.IsLoopback(ip) ? v : throw new UsageException($"{k} must be a loopback address (got '{v}')"));
        var command = new CliCommand(Name, Summary, "exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 the manifest cannot be read or the port bound, 2 usage error.")
        {
            manifest, port, host,
        };
        command.SetAction(result => Serve(result.GetRequiredValue(manifest), (int)(result.GetValue(port) ?? 18080), result.GetValue(host) ?? "127.0.0.1", cli.Out, cli.Error));
        return command;
    }

    private static int Serve(string manifestPath, int port, string host, TextWriter stdout, TextWriter stderr)
    {
        DemoRestApi api;
        try
        {
            api = DemoRestApi.From(DemoManifest.FromJson(File.ReadAllText(manifestPath)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            stderr.WriteLine($"error: cannot read manifest {manifestPath}: {e.Message}");
            return 1;
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            using var server = DemoRestServer.Start(api, host, port);
            stdout.WriteLine($"demo REST API on {server.BaseUrl}/api/v1 (DEMO DATA), {api.AppIds.Count} applications; Ctrl-C stops");
            stdout.Flush();
            stop.Token.WaitHandle.WaitOne();
            return 0;
        }
        catch (HttpListenerException e)
        {
            stderr.WriteLine($"error: cannot listen on {host}:{port}: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

/// <summary>The demo's Spark REST API (<see cref="DemoRestApi"/>) on a <see cref="LoopbackHttpServer"/>.</summary>
public sealed class DemoRestServer : IDisposable
{
    private readonly LoopbackHttpServer _server;

    private DemoRestServer(LoopbackHttpServer server) => _server = server;

    /// <summary>http://host:port (no trailing slash, no /api/v1).</summary>
    public string BaseUrl => _server.BaseUrl;

    /// <summary>Starts listening on http://<paramref name="host"/>:<paramref name="port"/>/.</summary>
    /// <exception cref="HttpListenerException">The port is taken or cannot be bound.</exception>
    public static DemoRestServer Start(DemoRestApi api, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new DemoRestServer(LoopbackHttpServer.Start(host, port,
            url =>
            {
                var answer = api.Get(url.AbsolutePath, url.Query);
                return (answer.StatusCode, "application/json", answer.Json);
            },
            (405, "application/json", "{\"message\":\"only GET is supported\"}")));
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _server.Dispose();
}
