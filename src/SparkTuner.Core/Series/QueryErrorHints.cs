namespace SparkTuner.Core.Series;

/// <summary>
/// Turns the error texts Prometheus-compatible servers answer with into what to do about them, so that a raw PromQL
/// error is never the only message a user reads. The patterns are the servers' own messages (Prometheus 2.x
/// <c>promql/engine.go</c> and <c>web/api/v1</c>, VictoriaMetrics' <c>app/vmselect</c>).
/// </summary>
public static class QueryErrorHints
{
    private static readonly (string Pattern, string Hint)[] Hints =
    [
        ("many-to-many matching not allowed",
            "a series that should be unique exists more than once — copies from an HA Prometheus pair or a Thanos Querier without deduplication (--query.replica-label), or kube-state-metrics scraped without honor_labels: true (its labels then arrive as exported_namespace/exported_pod); check the Data source page"),
        ("found duplicate series",
            "a series that should be unique exists more than once — copies from an HA pair or a Thanos Querier without deduplication (--query.replica-label); check the Data source page"),
        ("multiple matches for labels",
            "a series that should be unique exists more than once — copies from an HA pair or a Thanos Querier without deduplication (--query.replica-label); check the Data source page"),
        ("exceeded maximum resolution",
            "the range asks for more than 11,000 points per series: pick a shorter range"),
        ("would load too many samples",
            "the query reads more samples than the server allows (--query.max-samples): pick a shorter range or fewer runs"),
        ("parse error",
            "the PromQL of this metric does not parse: check its template in the Catalog section of appsettings.json"),
        ("timed out",
            "the server did not answer in time: raise Prometheus:TimeoutSeconds or pick a shorter range"),
    ];

    /// <summary>The hint for <paramref name="error"/>, or null when none is known.</summary>
    public static string? For(string? error)
    {
        if (string.IsNullOrEmpty(error))
        {
            return null;
        }

        foreach (var (pattern, hint) in Hints)
        {
            if (error.Contains(pattern, StringComparison.OrdinalIgnoreCase)) return hint;
        }

        return null;
    }

    /// <summary><paramref name="error"/> followed by its hint when one is known.</summary>
    public static string Explain(string error) => For(error) is { } hint ? $"{error} — {hint}" : error;
}
