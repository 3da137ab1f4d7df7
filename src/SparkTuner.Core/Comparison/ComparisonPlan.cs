using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>One chart panel: a metric in one scope.</summary>
public sealed record PanelPlan(MetricDefinition Metric, MetricScope Scope);

/// <summary>The panels of one metric group, in display order (executors before the driver).</summary>
public sealed record PanelGroupPlan(MetricGroup Group, IReadOnlyList<PanelPlan> Panels);

/// <summary>
/// What a comparison needs, decided once from the catalog and the request: the summary rows, and the chart panels of
/// the chosen metric groups. The service fetches from it, and the page lays its panels out from it.
/// </summary>
/// <param name="Rows">Summary rows in display order (the aggregation override applied).</param>
/// <param name="Groups">Chosen metric groups in catalog order, each with its panels.</param>
public sealed record ComparisonPlan(IReadOnlyList<SummarySpec> Rows, IReadOnlyList<PanelGroupPlan> Groups)
{
    /// <summary>Each (metric, scope) the rows read raw samples of, once.</summary>
    public IReadOnlyList<(string MetricId, MetricScope Scope)> StatisticPairs =>
        Rows.Where(r => r.Statistic != Statistic.Duration).Select(r => (r.MetricId, r.Scope)).Distinct().ToList();

    /// <summary>Each (metric, scope) drawn as a chart, once.</summary>
    public IReadOnlyList<(string MetricId, MetricScope Scope)> ChartPairs =>
        Groups.SelectMany(g => g.Panels).Select(p => (p.Metric.Id, p.Scope)).Distinct().ToList();

    /// <summary>The plan of <paramref name="request"/> over <paramref name="catalog"/>.</summary>
    /// <exception cref="ArgumentException">An unknown row id or group key; the message lists the known ones.</exception>
    public static ComparisonPlan For(MetricCatalog catalog, CompareRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<SummarySpec> rows = catalog.Summary;
        if (request.Rows is { Count: > 0 } wanted)
        {
            var unknown = wanted.Where(w => rows.All(r => r.Id != w)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"unknown metric {string.Join(", ", unknown.Select(u => $"'{u}'"))}; known: {string.Join(", ", rows.Select(r => r.Id))}");
            }

            rows = rows.Where(r => wanted.Contains(r.Id)).ToList();
        }

        if (request.Aggregation is { } agg and not ExecutorAggregation.Each)
        {
            rows = rows.Select(r => r.Scope == MetricScope.Executor && r.Statistic != Statistic.Increase ? r with { Aggregation = agg } : r).ToList();
        }

        var chosen = catalog.Groups.ToList();
        if (request.Groups is { } keys)
        {
            var unknown = keys.Where(k => catalog.Groups.All(g => !g.Key.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"unknown metric group {string.Join(", ", unknown.Select(u => $"'{u}'"))}; known: {string.Join(", ", catalog.Groups.Select(g => g.Key))}");
            }

            chosen = chosen.Where(g => keys.Contains(g.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        var groups = chosen.Select(g => new PanelGroupPlan(g, catalog.Metrics
                .Where(m => catalog.GroupOf(m) == g)
                .SelectMany(m => m.Scopes.OrderByDescending(s => s == MetricScope.Executor).Select(s => new PanelPlan(m, s)))
                .ToList()))
            .ToList();
        return new ComparisonPlan(rows, groups);
    }
}
