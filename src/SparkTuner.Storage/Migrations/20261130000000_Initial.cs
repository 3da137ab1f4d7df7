using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SparkTuner.Storage.Migrations;

/// <summary>
/// The first schema. Written without column types, so each provider maps the CLR types itself (TEXT/INTEGER/BLOB on
/// SQLite, text/bigint/integer/bytea on PostgreSQL): one migration set, one schema, both engines.
/// </summary>
[DbContext(typeof(SnapshotDbContext))]
[Migration("20261130000000_Initial")]
public sealed class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "snapshots",
            columns: t => new
            {
                id = t.Column<string>(maxLength: 22, nullable: false),
                created_at_ms = t.Column<long>(nullable: false),
                title = t.Column<string>(nullable: false),
                source = t.Column<string>(nullable: false),
                product_version = t.Column<string>(nullable: false),
                format_version = t.Column<int>(nullable: false),
                baseline_runs = t.Column<string>(nullable: false),
                candidate_runs = t.Column<string>(nullable: false),
                search_text = t.Column<string>(nullable: false),
                size_bytes = t.Column<long>(nullable: false),
                payload = t.Column<byte[]>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_snapshots", x => x.id));
        migrationBuilder.CreateIndex(name: "ix_snapshots_created_at_ms", table: "snapshots", column: "created_at_ms");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "snapshots");
    }
}
