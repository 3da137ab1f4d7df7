using Microsoft.Extensions.Options;

namespace SparkTuner.Storage;

/// <summary>Where snapshots are kept, bound from the configuration section <c>"Snapshots"</c>.</summary>
public sealed class SnapshotOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Snapshots";

    /// <summary><c>sqlite</c> (default: an embedded file, <see cref="Path"/>) or <c>postgresql</c> (<see cref="ConnectionString"/>; several replicas can share it).</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>The SQLite file; a relative path is resolved against the working folder. Its folder is created at start.</summary>
    public string Path { get; set; } = "data/snapshots.db";

    /// <summary>The PostgreSQL connection string (Npgsql syntax). Never echoed: it may hold a password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Snapshots older than this many days are deleted (at start and every 6 hours); 0 keeps them for ever.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>Value of <see cref="Provider"/> for SQLite.</summary>
    public const string SqliteProvider = "sqlite";

    /// <summary>Value of <see cref="Provider"/> for PostgreSQL.</summary>
    public const string PostgresProvider = "postgresql";

    /// <summary>True when <see cref="Provider"/> is PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the snapshots are, for banners and logs: the SQLite file, or PostgreSQL's host and database (no credentials).</summary>
    public string Describe()
    {
        if (!IsPostgres) return "SQLite " + System.IO.Path.GetFullPath(Path);
        try
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }
}

/// <summary>Checks <see cref="SnapshotOptions"/> at start-up: a known provider, what it needs, a retention in range.</summary>
public sealed class SnapshotOptionsValidator : IValidateOptions<SnapshotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.Equals(options.Provider, SnapshotOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase) && !options.IsPostgres)
        {
            errors.Add($"Snapshots:Provider = '{options.Provider}' is not valid; expected sqlite or postgresql.");
        }
        else if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.Add("Snapshots:ConnectionString is empty; expected an Npgsql connection string (Host=…;Database=…;Username=…) when Snapshots:Provider is postgresql.");
            }
            else
            {
                try
                {
                    _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException)
                {
                    // The value may hold a password: never echoed.
                    errors.Add("Snapshots:ConnectionString is not a valid connection string; expected Host=…;Database=…;Username=….");
                }
            }
        }
        else if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add("Snapshots:Path is empty; expected a file path such as data/snapshots.db.");
        }
        if (options.RetentionDays is < 0 or > 36500)
        {
            errors.Add($"Snapshots:RetentionDays = '{options.RetentionDays}' is out of range; expected 0 (keep for ever) to 36500.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
