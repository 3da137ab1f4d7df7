using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Snapshots;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>
/// Takes and reads snapshots for the pages and the API: a snapshot is the comparison of a link with every metric group
/// (so the snapshot's group picker has them all), its charts for every aggregation (<see cref="SnapshotBuilder"/>) and
/// the Spark REST sections of the link's run pair. Reading never touches Prometheus or Spark.
/// </summary>
public sealed class SnapshotService(
    ComparePageService pages, SparkRestPageService rest, ISnapshotStore store, IOptions<PrometheusOptions> prometheus, TimeProvider clock,
    SnapshotCache cache)
{
    /// <summary>SparkTuner's version written into snapshots (the web assembly's informational version).</summary>
    public static string ProductVersion { get; } =
        typeof(SnapshotService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Compares <paramref name="state"/>'s runs (all groups) and stores the snapshot.</summary>
    /// <exception cref="UnknownRunsException">A run is not in Prometheus (any more).</exception>
    /// <exception cref="Core.Series.DataSourceException">Prometheus failed.</exception>
    public async Task<(ComparisonSnapshot Snapshot, long SizeBytes)> CreateAsync(CompareState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        var report = await pages.CompareAsync(state with { Groups = null }, new ComparisonProgress(), ct);
        JsonElement? sparkRest = null;
        if (rest.IsConfigured && report.BaselineRuns.Count > 0 && report.CandidateRuns.Count > 0)
        {
            var pair = state.EffectiveRest;
            var b = report.BaselineRuns[Math.Clamp(pair.Baseline, 0, report.BaselineRuns.Count - 1)];
            var c = report.CandidateRuns[Math.Clamp(pair.Candidate, 0, report.CandidateRuns.Count - 1)];
            // Whatever the page would show, an unreachable API included: the snapshot says what was known.
            var model = await rest.LoadAsync(b, c, ct);
            sparkRest = JsonSerializer.SerializeToElement(model, SnapshotJson.Options);
        }
        var (from, to) = pages.Range(state);
        var link = new SnapshotLink(state.Baseline, state.Candidate, from, to, state.EffectiveGroups(pages.GroupKeys), state.Aggregation,
            state.Layout == ChartLayout.SideBySide, state.EffectiveRest.Baseline, state.EffectiveRest.Candidate);
        var snapshot = SnapshotBuilder.Build(report, link, prometheus.Value.DisplayUrl, ProductVersion, clock.GetUtcNow(), sparkRest);
        var size = await store.SaveAsync(snapshot, ct);
        return (snapshot, size);
    }

    /// <summary>The snapshot <paramref name="id"/> (cached: snapshots never change), or null.</summary>
    /// <exception cref="SnapshotFormatException">The stored snapshot cannot be read by this version.</exception>
    public async Task<ComparisonSnapshot?> GetAsync(string id, CancellationToken ct)
    {
        if (!SnapshotIds.IsValid(id)) return null;
        if (cache.Memory.TryGetValue(id, out ComparisonSnapshot? hit)) return hit;
        var snapshot = await store.GetAsync(id, ct);
        if (snapshot is not null) cache.Memory.Set(id, snapshot, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return snapshot;
    }

    /// <summary>Deletes <paramref name="id"/> (and forgets it); false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        cache.Memory.Remove(id);
        return await store.DeleteAsync(id, ct);
    }

    /// <summary>The Spark REST sections frozen in <paramref name="snapshot"/>, or null when none were.</summary>
    public static SparkRestViewModel? SparkRest(ComparisonSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            return snapshot.SparkRest is { } json ? json.Deserialize<SparkRestViewModel>(SnapshotJson.Options) : null;
        }
        catch (JsonException)
        {
            // Unreadable sections lose only themselves: the rest of the snapshot still opens.
            return new SparkRestViewModel(SparkRestStatus.Unreachable, "The Spark REST sections stored in this snapshot cannot be read by this version.", null, null);
        }
    }

    /// <summary>The panels of <paramref name="snapshot"/> in the groups <paramref name="state"/> shows, drawn with its aggregation.</summary>
    public static IReadOnlyList<PanelGroupViewModel> Panels(ComparisonSnapshot snapshot, CompareState state, IReadOnlyList<string> allGroups)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        var shown = state.EffectiveGroups(allGroups);
        return snapshot.Groups.Where(g => shown.Contains(g.Key)).Select(g => new PanelGroupViewModel(g.Key, g.Title,
                g.Panels.Select(p => Panel(p, state.Aggregation)).OrderBy(p => p.Status == PanelStatus.NotAvailable).ToList()))
            .ToList();
    }

    private static PanelViewModel Panel(SnapshotPanel panel, Core.Catalog.ExecutorAggregation aggregation)
    {
        var title = panel.TitleFor(aggregation);
        if (panel.UnavailableReason is not null) return PanelViewModel.NotAvailable(title);
        if (panel.Error is not null) return PanelViewModel.Failed(title, panel.Error, panel.Queries);
        return panel.ChartFor(aggregation) is { } chart
            ? PanelViewModel.Ready(chart, panel.Queries)
            : PanelViewModel.Failed(title, "This snapshot holds no chart for this aggregation.", panel.Queries);
    }
}

/// <summary>Recently opened snapshots, process-wide (immutable, so never stale; at most 64 kept).</summary>
public sealed class SnapshotCache : IDisposable
{
    /// <summary>The cache (size = number of snapshots).</summary>
    public MemoryCache Memory { get; } = new(new MemoryCacheOptions { SizeLimit = 64 });

    /// <inheritdoc />
    public void Dispose() => Memory.Dispose();
}
