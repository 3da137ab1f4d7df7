using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SparkTuner.Storage.Migrations;

/// <summary>The model as of the latest migration (what EF compares the current model with to find pending changes).</summary>
[DbContext(typeof(SnapshotDbContext))]
internal sealed class SnapshotDbContextModelSnapshot : ModelSnapshot
{
    // A frozen copy of SnapshotDbContext.Describe as of the latest migration: when the model changes, a test
    // (HasPendingModelChanges) fails until a migration and a new copy are added.
    /// <inheritdoc />
    protected override void BuildModel(ModelBuilder modelBuilder)
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
}
