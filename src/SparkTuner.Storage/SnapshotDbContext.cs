using Microsoft.EntityFrameworkCore;

namespace SparkTuner.Storage;

/// <summary>
/// The snapshot database: one table, one model for SQLite and PostgreSQL (no provider-specific column types, so one
/// migration set serves both). Rows are immutable: saving a modified row throws.
/// </summary>
public sealed class SnapshotDbContext(DbContextOptions<SnapshotDbContext> options) : DbContext(options)
{
    /// <summary>The snapshots.</summary>
    public DbSet<StoredSnapshot> Snapshots => Set<StoredSnapshot>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        Describe(modelBuilder);
    }

    /// <summary>The model (the migrations' model snapshot holds a frozen copy of it).</summary>
    internal static void Describe(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredSnapshot>(e =>
        {
            e.ToTable("snapshots");
            e.HasKey(s => s.Id).HasName("pk_snapshots");
            e.Property(s => s.Id).HasColumnName("id").HasMaxLength(22).IsRequired();
            e.Property(s => s.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(s => s.Title).HasColumnName("title").IsRequired();
            e.Property(s => s.Source).HasColumnName("source").IsRequired();
            e.Property(s => s.ProductVersion).HasColumnName("product_version").IsRequired();
            e.Property(s => s.FormatVersion).HasColumnName("format_version");
            e.Property(s => s.BaselineRuns).HasColumnName("baseline_runs").IsRequired();
            e.Property(s => s.CandidateRuns).HasColumnName("candidate_runs").IsRequired();
            e.Property(s => s.SearchText).HasColumnName("search_text").IsRequired();
            e.Property(s => s.SizeBytes).HasColumnName("size_bytes");
            e.Property(s => s.Payload).HasColumnName("payload").IsRequired();
            e.HasIndex(s => s.CreatedAtMs).HasDatabaseName("ix_snapshots_created_at_ms");
        });
    }

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseModifications();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseModifications();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // Snapshots are evidence: once written they are only read or deleted.
    private void RefuseModifications()
    {
        if (ChangeTracker.Entries<StoredSnapshot>().Any(e => e.State == EntityState.Modified))
        {
            throw new InvalidOperationException("Snapshots are immutable: a stored snapshot cannot be modified.");
        }
    }
}
