using System.Globalization;

namespace SparkTuner.Demo;

/// <summary>Counts of a validated OpenMetrics text.</summary>
public sealed record OpenMetricsValidationResult(long Lines, long Families, long Series, long Samples);

/// <summary>An OpenMetrics text breaks a rule that promtool would not (or not clearly) report.</summary>
public sealed class OpenMetricsValidationException : FormatException
{
    /// <summary>Creates the exception for a 1-based line number.</summary>
    public OpenMetricsValidationException(long lineNumber, string message)
        : base($"line {lineNumber}: {message}") => LineNumber = lineNumber;

    /// <summary>1-based line of the problem.</summary>
    public long LineNumber { get; }
}

/// <summary>
/// Streaming checker of the OpenMetrics rules promtool's backfill needs but does not enforce: timestamps in seconds
/// (anything after 2200 is taken for milliseconds), every sample timestamped, samples of a series strictly in time order,
/// families not interleaved, counter samples named <c>_total</c>, <c># EOF</c> last. Memory is one entry per series of the
/// current family. Feed it whole texts with <see cref="Validate"/>, lines with <see cref="Line"/>, or parsed parts with
/// <see cref="Family"/> / <see cref="Sample"/> / <see cref="Eof"/>, then call <see cref="Complete"/>.
/// </summary>
public sealed class OpenMetricsValidator
{
    /// <summary>2200-01-01T00:00:00Z in Unix seconds; later timestamps are rejected as probable milliseconds.</summary>
    public const double MaxTimestampSeconds = 7258118400;

    private static readonly HashSet<string> Types =
        ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lastTs = new(StringComparer.Ordinal);
    private string? _family;
    private string? _curSeries;
    private double _curTs;
    private string _type = "unknown";
    private bool _familyHasSamples;
    private bool _eof;
    private long _line;
    private long _series;
    private long _samples;

    /// <summary>Reads <paramref name="reader"/> to the end and validates it line by line.</summary>
    /// <exception cref="OpenMetricsValidationException">The first rule broken.</exception>
    public static OpenMetricsValidationResult Validate(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var v = new OpenMetricsValidator();
        while (reader.ReadLine() is { } line)
        {
            v.Line(line);
        }
        return v.Complete();
    }

    /// <summary>Validates one line (without its newline).</summary>
    public void Line(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _line++;
        if (_eof) Fail("content after # EOF");
        if (line.Length == 0) Fail("empty line");
        if (line[0] == '#')
        {
            if (line == "# EOF") { EofCore(); return; }
            var parts = line.Split(' ', 4);
            if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("TYPE" or "HELP" or "UNIT"))
            {
                Fail($"unexpected comment '{Cut(line)}' (only # TYPE, # HELP, # UNIT and # EOF are allowed)");
            }
            if (parts[1] == "TYPE")
            {
                if (parts.Length != 4) Fail($"malformed TYPE line '{Cut(line)}'");
                FamilyCore(parts[2], parts[3]);
            }
            else
            {
                MetadataCore(parts[2]);
            }
            return;
        }

        // name{labels} value timestamp [# exemplar]
        int i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        string name = line[..i];
        int seriesEnd = i;
        if (i < line.Length && line[i] == '{')
        {
            bool quoted = false;
            for (i++; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted && c == '\\') { i++; continue; }
                if (c == '"') quoted = !quoted;
                else if (c == '}' && !quoted) break;
            }
            if (i >= line.Length) Fail($"unterminated label set in '{Cut(line)}'");
            seriesEnd = i + 1;
        }
        var rest = line[seriesEnd..].Split(' ');
        // rest[0] is "" (before the separator), rest[1] the value, rest[2] the timestamp.
        if (name.Length == 0 || rest.Length < 2 || rest[0].Length != 0) Fail($"malformed sample '{Cut(line)}'");
        if (!TryParseValue(rest[1])) Fail($"bad value '{rest[1]}' in '{Cut(line)}'");
        if (rest.Length < 3 || rest[2].Length == 0 || rest[2] == "#") Fail($"sample without timestamp (promtool needs one): '{Cut(line)}'");
        if (!double.TryParse(rest[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double ts) || double.IsNaN(ts))
        {
            Fail($"bad timestamp '{rest[2]}'");
        }
        SampleCore(name, line[..seriesEnd], ts);
    }

    /// <summary>A <c># TYPE</c> line: starts family <paramref name="name"/>.</summary>
    public void Family(string name, string type)
    {
        _line++;
        if (_eof) Fail("content after # EOF");
        FamilyCore(name, type);
    }

    /// <summary>One sample line of series <paramref name="series"/> (the text <c>name{labels}</c>) at a time in seconds.</summary>
    public void Sample(string sampleName, string series, double timestampSeconds)
    {
        _line++;
        if (_eof) Fail("content after # EOF");
        SampleCore(sampleName, series, timestampSeconds);
    }

    /// <summary>The <c># EOF</c> line.</summary>
    public void Eof()
    {
        _line++;
        EofCore();
    }

    /// <summary>Ends validation: fails when <c># EOF</c> is missing; otherwise returns the counts.</summary>
    public OpenMetricsValidationResult Complete()
    {
        if (!_eof) throw new OpenMetricsValidationException(_line + 1, "missing # EOF at the end (promtool: data does not end with # EOF)");
        FlushCurrent();
        return new OpenMetricsValidationResult(_line, _families.Count, _series + _lastTs.Count, _samples);
    }

    private void FamilyCore(string name, string type)
    {
        if (!Types.Contains(type)) Fail($"unknown type '{type}' for family {name}");
        if (_family == name && !_familyHasSamples)
        {
            _type = type; // HELP or UNIT came first
            return;
        }
        StartFamily(name);
        _type = type;
    }

    private void MetadataCore(string name)
    {
        if (_family == name)
        {
            if (_familyHasSamples) Fail($"metadata of family {name} after its samples");
            return;
        }
        StartFamily(name);
        _type = "unknown";
    }

    private void StartFamily(string name)
    {
        if (!_families.Add(name)) Fail($"family {name} appears again: families are interleaved");
        _family = name;
        _familyHasSamples = false;
        FlushCurrent();
        _series += _lastTs.Count;
        _lastTs.Clear();
    }

    private void SampleCore(string sampleName, string series, double ts)
    {
        if (_family is null || !BelongsToFamily(sampleName))
        {
            if (_family is not null && _type == "counter" && sampleName == _family)
            {
                Fail($"counter sample {sampleName} must be named {_family}_total");
            }
            StartFamily(sampleName);
            _type = "unknown";
        }
        if (ts > MaxTimestampSeconds)
        {
            Fail($"timestamp {ts.ToString(CultureInfo.InvariantCulture)} is after the year 2200: milliseconds instead of seconds?");
        }
        // Fast path: same series as the previous sample (the usual layout) needs no dictionary lookup.
        if (_curSeries is not null && (ReferenceEquals(series, _curSeries) || series == _curSeries))
        {
            if (ts <= _curTs) OutOfOrder(series, ts, _curTs);
        }
        else
        {
            FlushCurrent();
            if (_lastTs.TryGetValue(series, out double last) && ts <= last) OutOfOrder(series, ts, last);
            _curSeries = series;
        }
        _curTs = ts;
        _familyHasSamples = true;
        _samples++;
    }

    private void OutOfOrder(string series, double ts, double last) =>
        Fail($"sample of {Cut(series)} at {ts.ToString(CultureInfo.InvariantCulture)} is not after the previous one ({last.ToString(CultureInfo.InvariantCulture)}): out of order");

    private void FlushCurrent()
    {
        if (_curSeries is null) return;
        _lastTs[_curSeries] = _curTs;
        _curSeries = null;
    }

    private bool BelongsToFamily(string sampleName)
    {
        var f = _family!;
        if (sampleName == f) return _type is "unknown" or "gauge" or "stateset";
        if (sampleName.Length <= f.Length + 1 || !sampleName.StartsWith(f, StringComparison.Ordinal) || sampleName[f.Length] != '_') return false;
        var suffix = sampleName[f.Length..];
        return _type switch
        {
            "counter" => suffix is "_total" or "_created",
            "histogram" => suffix is "_bucket" or "_count" or "_sum" or "_created",
            "gaugehistogram" => suffix is "_bucket" or "_gcount" or "_gsum",
            "summary" => suffix is "_count" or "_sum" or "_created",
            "info" => suffix is "_info",
            _ => false,
        };
    }

    private void EofCore()
    {
        if (_eof) Fail("second # EOF");
        _eof = true;
    }

    private static bool TryParseValue(string s) =>
        s is "NaN" or "+Inf" or "-Inf" || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Cut(string s) => s.Length <= 160 ? s : s[..157] + "...";

    private void Fail(string message) => throw new OpenMetricsValidationException(_line, message);
}
