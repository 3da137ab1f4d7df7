using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using SparkTuner.Clients.Configuration;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Snapshots;
using SparkTuner.Storage;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// <c>sparktuner snapshot create | list | export ID | import FILE</c>: the web app's snapshot store (Snapshots:* settings,
/// or <c>--db FILE</c> for a SQLite file) from the command line. Export writes the versioned JSON; import validates it
/// (complete JSON, kind, format version, every field) before anything is written.
/// </summary>
public static class SnapshotCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "snapshot";

    private const string Notes = CommandEnvironment.ConfigurationNote + """

        store: Snapshots:Provider (sqlite, postgresql), Snapshots:Path, Snapshots:ConnectionString (Snapshots__… variables), or --db FILE.
        exit codes: 0 ok, 2 a usage or data error, a file that is not a valid snapshot, an id that exists or does not (one line on stderr).
        """;

    /// <summary>The command and its subcommands.</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var command = new CliCommand(Name, "save, list, export and import comparison snapshots (the web app's /s/{id})", Notes)
        {
            CreateCommand(cli), ListCommand(cli), ExportCommand(cli), ImportCommand(cli),
        };
        return command;
    }

    private static Option<string> DbOption() => CliOptions.Text("--db", "FILE", "a SQLite snapshot file (overrides Snapshots:Provider and Snapshots:Path)");

    private static Command CreateCommand(CliContext cli)
    {
        var baseline = CliOptions.List("--baseline", "IDS", "application ids of the baseline side (comma-separated)", required: true);
        var candidate = CliOptions.List("--candidate", "IDS", "application ids of the candidate side", required: true);
        var db = DbOption();
        var source = new DataSourceOptions(cli.Now);
        var command = new CliCommand("create", "compare the runs (every metric group, every aggregation) and store the snapshot; prints its id", Notes)
        {
            baseline, candidate, db,
        };
        source.AddTo(command);
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            using var services = source.BuildServices(result, cli.Now);
            var (from, to) = source.Range(result, services);
            var (b, c) = (result.GetRequiredValue(baseline), result.GetRequiredValue(candidate));
            var report = await services.GetRequiredService<ComparisonService>().CompareAsync(new CompareRequest(b, c, from, to));
            var link = new SnapshotLink(b, c, from, to, report.Plan.Groups.Select(g => g.Group.Key).ToList(), Core.Catalog.ExecutorAggregation.Sum, false, 0, 0);
            // The command line has no Spark REST sections (they are the web page's); the snapshot says so.
            var snapshot = SnapshotBuilder.Build(report, link, services.GetRequiredService<IOptions<PrometheusOptions>>().Value.DisplayUrl,
                ProductVersion, cli.Now);
            await using var store = await OpenAsync(result.GetValue(db));
            var size = await store.Store.SaveAsync(snapshot);
            cli.Out.WriteLine(snapshot.Id);
            cli.Error.WriteLine(FormattableString.Invariant($"saved snapshot {snapshot.Id} ({size} bytes): /s/{snapshot.Id}"));
            return 0;
        }));
        return command;
    }

    private static Command ListCommand(CliContext cli)
    {
        var search = CliOptions.Text("--search", "TEXT", "only snapshots with a run name, run id or side label containing TEXT");
        var json = CliOptions.Flag("--json", "print the JSON of GET /api/snapshots");
        var db = DbOption();
        var command = new CliCommand("list", "the stored snapshots, newest first, and their total size", Notes) { search, json, db };
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            await using var store = await OpenAsync(result.GetValue(db));
            var list = await store.Store.ListAsync(result.GetValue(search));
            var (bytes, count) = await store.Store.TotalsAsync();
            if (result.GetValue(json))
            {
                cli.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { snapshots = list, totalBytes = bytes, totalCount = count }, ComparisonJson.Options));
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple);
            foreach (var h in new[] { "ID", "TAKEN (UTC)", "COMPARISON", "SOURCE", "BYTES" }) table.AddColumn(new TableColumn(new Text(h, new Style(decoration: Decoration.Bold))));
            foreach (var s in list)
            {
                table.AddRow(new Text(s.Id), new Text(s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                    new Text(s.Title), new Text(s.Source), new Text(s.SizeBytes.ToString(CultureInfo.InvariantCulture)));
            }
            if (list.Count > 0) CliConsole.Write(cli.Out, console => console.Write(table));
            cli.Error.WriteLine(FormattableString.Invariant($"{count} snapshot(s), {bytes} bytes stored"));
            return 0;
        }));
        return command;
    }

    private static Command ExportCommand(CliContext cli)
    {
        var id = new Argument<string>("ID") { Description = "the snapshot id" };
        var output = CliOptions.Text("--out", "FILE", "write the JSON to FILE instead of stdout");
        var db = DbOption();
        var command = new CliCommand("export", "print a snapshot's versioned JSON (what import reads)", Notes) { id, output, db };
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            await using var store = await OpenAsync(result.GetValue(db));
            var snapshotId = result.GetRequiredValue(id);
            var json = await store.Store.ExportAsync(snapshotId) ?? throw new UsageException($"no snapshot with id '{snapshotId}'");
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file, json);
            }
            else
            {
                cli.Out.WriteLine(Encoding.UTF8.GetString(json));
            }
            return 0;
        }));
        return command;
    }

    private static Command ImportCommand(CliContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "a file written by 'snapshot export' (or GET /api/snapshots/ID)" };
        var db = DbOption();
        var command = new CliCommand("import", "validate a snapshot file and store it under its own id (never replacing one)", Notes) { file, db };
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            var path = result.GetRequiredValue(file);
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{path}: {e.Message}");
            }
            ComparisonSnapshot snapshot;
            try
            {
                // Validated before the store is even opened: a refused file writes nothing.
                snapshot = SnapshotJson.Deserialize(bytes);
            }
            catch (SnapshotFormatException e)
            {
                throw new UsageException($"{path}: {e.Message} Nothing was imported.");
            }
            await using var store = await OpenAsync(result.GetValue(db));
            try
            {
                await store.Store.SaveAsync(snapshot);
            }
            catch (SnapshotExistsException e)
            {
                throw new UsageException(e.Message);
            }
            cli.Out.WriteLine(snapshot.Id);
            cli.Error.WriteLine($"imported snapshot {snapshot.Id} ({snapshot.Title}, taken {snapshot.CreatedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})");
            return 0;
        }));
        return command;
    }

    private static string ProductVersion =>
        typeof(SnapshotCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The store of the configuration (or of <paramref name="db"/>), migrated.</summary>
    private static async Task<StoreScope> OpenAsync(string? db)
    {
        var configuration = CommandEnvironment.BuildConfiguration(null, null);
        if (db is not null)
        {
            configuration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{SnapshotOptions.SectionName}:{nameof(SnapshotOptions.Provider)}"] = SnapshotOptions.SqliteProvider,
                [$"{SnapshotOptions.SectionName}:{nameof(SnapshotOptions.Path)}"] = db,
            }).Build();
        }
        var services = new ServiceCollection().AddSnapshotStorage(configuration).BuildServiceProvider();
        try
        {
            services.ValidateOnStartNow();
            await SnapshotStorage.PrepareAsync(services);
            return new StoreScope(services);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    private sealed class StoreScope(ServiceProvider services) : IAsyncDisposable
    {
        public ISnapshotStore Store => services.GetRequiredService<ISnapshotStore>();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
