using System.Globalization;
using SparkTuner.Demo;

namespace SparkTuner.Demo.Tests;

/// <summary>Small helpers: generate into a string and parse sample lines back.</summary>
internal static class DemoText
{
    public static readonly DateTimeOffset End = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static DemoOptions Options(Func<DemoOptions, DemoOptions>? change = null)
    {
        var o = new DemoOptions { End = End };
        return change is null ? o : change(o);
    }

    public static string Write(DemoOptions options)
    {
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        DemoGenerator.Generate(options).WriteOpenMetrics(sw);
        return sw.ToString();
    }

    public sealed record Line(string Name, string Series, string Labels, double Value, double Ts)
    {
        public string Label(string name)
        {
            var key = name + "=\"";
            int i = Labels.IndexOf("," + key, StringComparison.Ordinal);
            i = i >= 0 ? i + 1 : Labels.StartsWith(key, StringComparison.Ordinal) ? 0 : -1;
            if (i < 0) return "";
            int s = i + key.Length;
            return Labels[s..Labels.IndexOf('"', s)];
        }
    }

    public static IEnumerable<Line> Samples(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            if (raw.Length == 0 || raw[0] == '#') continue;
            int brace = raw.IndexOf('{');
            int close = raw.LastIndexOf('}');
            var parts = raw[(close + 2)..].Split(' ');
            yield return new Line(raw[..brace], raw[..(close + 1)], raw[(brace + 1)..close],
                double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }
}
