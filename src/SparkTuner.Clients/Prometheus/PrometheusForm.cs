using System.Globalization;

namespace SparkTuner.Clients.Prometheus;

/// <summary>Builds the form bodies and the parameter text (Unix seconds, steps) that the Prometheus API expects.</summary>
public static class PrometheusForm
{
    /// <summary>Unix seconds with a millisecond fraction, always with three decimals: <c>1700000000.250</c>.</summary>
    public static string Seconds(DateTimeOffset time)
    {
        var ms = time.ToUnixTimeMilliseconds();
        var sign = ms < 0 ? "-" : "";
        ms = Math.Abs(ms);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{ms / 1000}.{ms % 1000:D3}");
    }

    /// <summary>A step or duration as float seconds (<c>15</c>, <c>0.5</c>), which Prometheus accepts for <c>step</c>.</summary>
    public static string Duration(TimeSpan step) => step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Form for <c>/api/v1/query</c>.</summary>
    public static FormUrlEncodedContent Query(string promQl, DateTimeOffset time) =>
        new([new("query", promQl), new("time", Seconds(time))]);

    /// <summary>Form for <c>/api/v1/query_range</c>.</summary>
    public static FormUrlEncodedContent QueryRange(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        new([new("query", promQl), new("start", Seconds(start)), new("end", Seconds(end)), new("step", Duration(step))]);

    /// <summary>Form for <c>/api/v1/series</c>: <c>match[]</c> once per matcher, then start and end.</summary>
    public static FormUrlEncodedContent Matchers(IEnumerable<string>? matchers, DateTimeOffset start, DateTimeOffset end)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var m in matchers ?? [])
        {
            fields.Add(new("match[]", m));
        }
        fields.Add(new("start", Seconds(start)));
        fields.Add(new("end", Seconds(end)));
        return new FormUrlEncodedContent(fields);
    }
}
