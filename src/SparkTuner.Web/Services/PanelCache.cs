using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>
/// Remembers each built panel with the fetch and aggregation it came from, so that when one more query returns
/// only that panel is rebuilt: an unchanged panel keeps its chart instance and Plotly is not asked to redraw it.
/// </summary>
public sealed class PanelCache
{
    private readonly Dictionary<(string MetricId, MetricScope Scope), (MetricFetch Fetch, ExecutorAggregation Aggregation, bool All, PanelViewModel Panel)> _panels = new();

    public PanelViewModel GetOrBuild(MetricFetch fetch, ExecutorAggregation aggregation, bool allExecutors, Func<PanelViewModel> build)
    {
        var key = (fetch.MetricId, fetch.Scope);
        if (_panels.TryGetValue(key, out var hit) && ReferenceEquals(hit.Fetch, fetch) && hit.Aggregation == aggregation && hit.All == allExecutors)
        {
            return hit.Panel;
        }
        var panel = build();
        _panels[key] = (fetch, aggregation, allExecutors, panel);
        return panel;
    }

    public void Clear() => _panels.Clear();
}
