using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using SparkTuner.Cli;
using SparkTuner.Core.Snapshots;
using SparkTuner.TestSupport;

namespace SparkTuner.Storage.Tests;

/// <summary>
/// <c>sparktuner snapshot</c> list, export and import in process, and the CLI as its own process killed in the middle of
/// an import's save (SQLite and PostgreSQL): nothing of the snapshot is left, and the store keeps working.
/// </summary>
public sealed class SnapshotCliTests(PostgresBackend postgres) : IClassFixture<PostgresBackend>, IDisposable
{
    private readonly string _root = ServerProcess.NewRoot("snapcli");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = CommandDispatcher.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Export_then_import_into_another_store_gives_the_same_json_and_list()
    {
        var (a, b) = (Path.Combine(_root, "a.db"), Path.Combine(_root, "b.db"));
        var file = Path.Combine(_root, "s.json");
        var snapshot = SnapshotSamples.Make("wide-join", "wide-join-cached");
        File.WriteAllBytes(file, SnapshotJson.Serialize(snapshot));

        Assert.Equal(0, Cli("snapshot", "import", file, "--db", a).Code);
        var exported = Path.Combine(_root, "out.json");
        Assert.Equal(0, Cli("snapshot", "export", snapshot.Id, "--db", a, "--out", exported).Code);
        Assert.Equal(SnapshotJson.Serialize(snapshot), File.ReadAllBytes(exported));
        var again = Cli("snapshot", "import", exported, "--db", b);
        Assert.Equal((0, snapshot.Id), (again.Code, again.Out.Trim()));

        var list = Cli("snapshot", "list", "--db", b, "--search", "WIDE-JOIN-CACHED");
        Assert.Equal(0, list.Code);
        Assert.Contains(snapshot.Id, list.Out, StringComparison.Ordinal);
        Assert.Contains("1 snapshot(s)", list.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(snapshot.Id, Cli("snapshot", "list", "--db", b, "--search", "nothing").Out, StringComparison.Ordinal);

        var twice = Cli("snapshot", "import", exported, "--db", b);
        Assert.Equal(2, twice.Code);
        Assert.Contains("already exists", twice.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_refused_with_one_line_and_nothing_is_written()
    {
        var db = Path.Combine(_root, "t.db");
        var json = SnapshotJson.Serialize(SnapshotSamples.Make());
        var truncated = Path.Combine(_root, "truncated.json");
        File.WriteAllBytes(truncated, json[..(json.Length * 2 / 3)]);
        var foreign = Path.Combine(_root, "foreign.json");
        File.WriteAllText(foreign, """{"apiVersion":"v1","kind":"ConfigMap"}""");

        var t = Cli("snapshot", "import", truncated, "--db", db);
        Assert.Equal(2, t.Code);
        Assert.StartsWith($"error: {truncated}: Not a complete JSON document", t.Err, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt. Nothing was imported.", t.Err, StringComparison.Ordinal);
        Assert.Single(t.Err.Trim().Split('\n'));
        var f = Cli("snapshot", "import", foreign, "--db", db);
        Assert.Equal(2, f.Code);
        Assert.Contains("Not a SparkTuner snapshot", f.Err, StringComparison.Ordinal);
        // A refused file does not even create the store.
        Assert.False(File.Exists(db));
        var missing = Cli("snapshot", "export", SnapshotIds.New(), "--db", db);
        Assert.Equal(2, missing.Code);
        Assert.Contains("no snapshot with id", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cli_killed_during_an_import_into_sqlite_leaves_no_snapshot()
    {
        var path = Path.Combine(_root, "kill.db");
        await using var db = await StoreHandle.OpenAsync(new Dictionary<string, string?> { ["Snapshots:Provider"] = "sqlite", ["Snapshots:Path"] = path });
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            // After the row is inserted, the save's transaction runs a query that does not end (10^12 rows), so the
            // process is killed with the row written but not committed.
            await Exec(c, """
                CREATE TABLE big(x INTEGER);
                INSERT INTO big WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000) SELECT x FROM n;
                CREATE TRIGGER hang AFTER INSERT ON snapshots BEGIN SELECT count(*) FROM big a, big b, big c; END;
                """);
        }
        var snapshot = SnapshotSamples.Make(points: 20_000);
        var file = Path.Combine(_root, "big.json");
        await File.WriteAllBytesAsync(file, SnapshotJson.Serialize(snapshot));

        using (var child = StartCli(["snapshot", "import", file, "--db", path], new Dictionary<string, string>()))
        {
            // The save holds the write lock from BEGIN IMMEDIATE until its commit; a lock held for a whole second is
            // the hanging save (EF's migration lock at start is held for milliseconds).
            await WaitAsync(child, async () => await HeldForASecondAsync(path));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            Assert.Equal("ok", await Scalar<string>(c, "PRAGMA integrity_check"));
            Assert.Equal(0L, await Scalar<long>(c, "SELECT count(*) FROM snapshots"));
            await Exec(c, "DROP TRIGGER hang");
        }
        Assert.Null(await db.Store.GetAsync(snapshot.Id));
        await db.Store.SaveAsync(snapshot);
        Assert.NotNull(await db.Store.GetAsync(snapshot.Id));
    }

    [Fact]
    public async Task A_cli_killed_during_an_import_into_postgresql_leaves_no_snapshot()
    {
        await using var db = await postgres.NewAsync();
        var connection = db.Environment["Snapshots__ConnectionString"];
        await using (var c = new NpgsqlConnection(connection))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                CREATE FUNCTION hang() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(3600); RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER hang AFTER INSERT ON snapshots FOR EACH ROW EXECUTE FUNCTION hang();
                """, c);
            await cmd.ExecuteNonQueryAsync();
        }
        var snapshot = SnapshotSamples.Make(points: 20_000);
        var file = Path.Combine(_root, "big.json");
        await File.WriteAllBytesAsync(file, SnapshotJson.Serialize(snapshot));

        await using var watch = new NpgsqlConnection(connection);
        await watch.OpenAsync();
        int backend;
        using (var child = StartCli(["snapshot", "import", file], db.Environment))
        {
            // The row is inserted and its trigger sleeps: the save is between its INSERT and its COMMIT.
            await WaitAsync(child, async () => await PgScalar<long>(watch, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") == 1);
            backend = await PgScalar<int>(watch, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep'");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        // The server notices the dead client within client_connection_check_interval and rolls its transaction back.
        await WaitAsync(null, async () => await PgScalar<long>(watch, $"SELECT count(*) FROM pg_stat_activity WHERE pid = {backend}") == 0);

        Assert.Equal(0L, await PgScalar<long>(watch, "SELECT count(*) FROM snapshots"));
        await using (var drop = new NpgsqlCommand("DROP TRIGGER hang ON snapshots", watch)) await drop.ExecuteNonQueryAsync();
        await db.Store.SaveAsync(snapshot);
        Assert.NotNull(await db.Store.GetAsync(snapshot.Id));
    }

    /// <summary>The CLI of this build in its own process, with <paramref name="environment"/> added.</summary>
    private static Process StartCli(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var dir = Path.Combine(RepoPaths.Root, "src", "SparkTuner.Cli", "bin",
            new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? PrometheusServer.Binary("dotnet"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir,
        };
        psi.ArgumentList.Add(Path.Combine(dir, "sparktuner.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Polls <paramref name="condition"/> (60 s at most); fails if <paramref name="child"/> exits first.</summary>
    private static async Task WaitAsync(Process? child, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (child is { HasExited: true }) Assert.Fail($"the CLI exited ({child.ExitCode}) before it was killed");
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 60 s");
            await Task.Delay(50);
        }
    }

    // True when the write lock cannot be taken within a second (Microsoft.Data.Sqlite retries a busy database until
    // the command timeout; 0 would wait for ever).
    private static async Task<bool> HeldForASecondAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Default Timeout=1;Pooling=false");
        await c.OpenAsync();
        try
        {
            await Exec(c, "BEGIN IMMEDIATE; ROLLBACK;");
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            return true;
        }
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<T> PgScalar<T>(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
