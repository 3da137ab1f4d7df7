using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SparkTuner.TestSupport;

/// <summary>
/// One truth case of <c>../shared/truth-cases/</c> generated afresh: the case folder and <c>tools/</c> are copied into
/// a temporary folder (the shared folder is read-only in CI, and <c>gen.py</c> imports <c>../tools</c>),
/// <c>python3 gen.py</c> writes <c>input.om</c> (timestamps relative to now) and <c>expected.json</c>, which is parsed
/// here. Dispose deletes the folder.
/// </summary>
public sealed class TruthCase : IDisposable
{
    private readonly string _root;

    private TruthCase(string name, string root, string dir, DateTimeOffset now, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<TruthRun> runs)
    {
        Name = name;
        _root = root;
        Directory = dir;
        Now = now;
        From = from;
        To = to;
        Runs = runs;
    }

    /// <summary><c>../shared/truth-cases</c> from the repository root.</summary>
    public static string CasesRoot => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "truth-cases"));

    /// <summary>The case's folder name, e.g. <c>final-scrape</c>.</summary>
    public string Name { get; }

    /// <summary>The temporary copy of the case folder, where gen.py ran.</summary>
    public string Directory { get; }

    /// <summary>The generated OpenMetrics file (timestamps in seconds).</summary>
    public string InputPath => Path.Combine(Directory, "input.om");

    /// <summary>expected.json's <c>now</c>: the moment the case was generated.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>expected.json's <c>frm</c>: start of the search range.</summary>
    public DateTimeOffset From { get; }

    /// <summary>expected.json's <c>to</c>: end of the search range.</summary>
    public DateTimeOffset To { get; }

    /// <summary>The runs of expected.json in file order: the first is the baseline, the second the candidate.</summary>
    public IReadOnlyList<TruthRun> Runs { get; }

    public TruthRun Baseline => Runs[0];

    public TruthRun Candidate => Runs[1];

    /// <summary>Copies the case and tools/, runs gen.py and parses expected.json.</summary>
    public static async Task<TruthCase> GenerateAsync(string name, CancellationToken cancellationToken = default)
    {
        var source = Path.Combine(CasesRoot, name);
        if (!File.Exists(Path.Combine(source, "gen.py")))
        {
            throw new InvalidOperationException($"truth case '{name}' has no gen.py under {CasesRoot}");
        }

        var root = Path.Combine(Path.GetTempPath(), "sparktuner-truth-" + Guid.NewGuid().ToString("N")[..12]);
        var dir = Path.Combine(root, name);
        try
        {
            CopyTree(source, dir);
            CopyTree(Path.Combine(CasesRoot, "tools"), Path.Combine(root, "tools"));
            var (code, output) = await RunPythonAsync(dir, cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException($"python3 gen.py of truth case '{name}' failed ({code}): {output}");
            }

            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "expected.json"), cancellationToken));
            var e = doc.RootElement;
            var runs = e.GetProperty("runs").EnumerateObject()
                .Select(r => new TruthRun(r.Name, r.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)))
                .ToList();
            if (runs.Count < 2)
            {
                throw new InvalidOperationException($"truth case '{name}': expected.json lists {runs.Count} runs, a comparison needs two");
            }
            return new TruthCase(name, root, dir, Time(e.GetProperty("now")), Time(e.GetProperty("frm")), Time(e.GetProperty("to")), runs);
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Unix seconds (integer or fractional) as a time, to the millisecond.</summary>
    public static DateTimeOffset FromUnixSeconds(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    private static DateTimeOffset Time(JsonElement e) => FromUnixSeconds(e.GetDouble());

    private static async Task<(int Code, string Output)> RunPythonAsync(string dir, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(PrometheusServer.Binary("python3"))
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("gen.py");
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = proc.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = proc.StandardError.ReadToEndAsync(cancellationToken);
        await proc.WaitForExitAsync(cancellationToken);
        return (proc.ExitCode, await stdout + await stderr);
    }

    private static void CopyTree(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            // Outputs of a local run of gen.py in the shared folder are not inputs.
            var fileName = Path.GetFileName(file);
            if (fileName is "input.om" or "expected.json" || fileName.EndsWith(".pyc", StringComparison.Ordinal)) continue;
            File.Copy(file, Path.Combine(to, fileName));
        }
        foreach (var sub in System.IO.Directory.EnumerateDirectories(from))
        {
            if (Path.GetFileName(sub) == "__pycache__") continue;
            CopyTree(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    private static void TryDelete(string dir)
    {
        try { System.IO.Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => TryDelete(_root);
}

/// <summary>One run of expected.json: its application id and the fields a careful engineer computed for it.</summary>
public sealed class TruthRun(string id, IReadOnlyDictionary<string, JsonElement> fields)
{
    public string Id { get; } = id;

    public IReadOnlyDictionary<string, JsonElement> Fields { get; } = fields;

    public bool Has(string key) => Fields.ContainsKey(key);

    /// <summary>A number field, or null when the run does not give it.</summary>
    public double? Number(string key) => Fields.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A string field, or null when the run does not give it.</summary>
    public string? Text(string key) => Fields.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A Unix-seconds field as a time, or null.</summary>
    public DateTimeOffset? Time(string key) => Number(key) is { } s ? TruthCase.FromUnixSeconds(s) : null;

    public override string ToString() =>
        Id + " " + string.Join(", ", Fields.Select(f => f.Key + "=" + f.Value.GetRawText()));

    /// <summary>Formats a number for messages (invariant, no exponent for the sizes used here).</summary>
    public static string Format(double? v) => v is { } d ? d.ToString("0.###", CultureInfo.InvariantCulture) : "null";
}
