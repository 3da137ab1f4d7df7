using System.Diagnostics;

namespace SparkTuner.TestSupport;

/// <summary>
/// A throw-away PostgreSQL cluster for a test: <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a free
/// loopback port with its socket in that folder (../shared/docs/TOOLCHAIN.md §7); trust authentication, fsync off.
/// PostgreSQL refuses to run as root, so under uid 0 (CI) every command runs as the <c>postgres</c> user (runuser), which
/// owns the folder. Dispose stops it (<c>pg_ctl stop -m immediate</c>) and deletes the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        Root = root;
        Port = port;
    }

    /// <summary>The cluster's folder (data in <c>data/</c>, the socket beside it).</summary>
    public string Root { get; }

    /// <summary>The loopback TCP port.</summary>
    public int Port { get; }

    /// <summary>Npgsql connection string of <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>The folder of Debian's PostgreSQL binaries (the newest version installed), or null.</summary>
    public static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>Creates and starts a cluster.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed (deploy/local/test installs it) or did not start; the message has its output.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); deploy/local/test installs it.");
        var root = ServerProcess.NewRoot("pg");
        var server = new PostgresServer(bin, root, PrometheusServer.FreePort());
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false, cancellationToken);
        }
        var data = Path.Combine(root, "data");
        await server.ToolAsync("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], cancellationToken);
        await server.ToolAsync("pg_ctl", ["-D", data, "-w", "-t", "60", "-l", Path.Combine(root, "log.txt"), "-o",
            $"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c client_connection_check_interval=100ms", "start"], cancellationToken);
        return server;
    }

    /// <summary>Runs a PostgreSQL tool of this installation (as <c>postgres</c> under root).</summary>
    public Task ToolAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken = default) =>
        RunAsync(Path.Combine(_bin, tool), args, Environment.IsPrivilegedProcess, cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        // A folder the postgres user may enter (the test's working folder may not be).
        psi.WorkingDirectory = Path.GetTempPath();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {p.ExitCode}: {await stdout}{await stderr}");
        }
    }

    /// <summary>Stops the cluster at once and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", ["-D", Path.Combine(Root, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
