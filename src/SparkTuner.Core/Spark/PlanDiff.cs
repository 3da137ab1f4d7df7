using System.Text.RegularExpressions;

namespace SparkTuner.Core.Spark;

/// <summary>Side of a plan line in a diff.</summary>
public enum PlanLineKind
{
    /// <summary>In both plans.</summary>
    Both,
    /// <summary>Only in the baseline plan.</summary>
    OnlyInBaseline,
    /// <summary>Only in the candidate plan.</summary>
    OnlyInCandidate,
}

/// <summary>One normalised plan line and where it appears.</summary>
/// <param name="Kind">Side.</param>
/// <param name="Text">Operator line without tree drawing, codegen markers, node numbers and expression ids.</param>
/// <param name="BaselineTree">The baseline line's tree drawing as Spark printed it (":  +- "), for display; empty when
/// the line is not in the baseline.</param>
/// <param name="CandidateTree">The same for the candidate.</param>
public sealed record PlanDiffLine(PlanLineKind Kind, string Text, string BaselineTree = "", string CandidateTree = "");

/// <summary>How often an operator occurs in each plan.</summary>
/// <param name="NodeName">Operator name, e.g. "InMemoryTableScan", "Exchange", "Scan parquet".</param>
/// <param name="Baseline">Occurrences in the baseline.</param>
/// <param name="Candidate">Occurrences in the candidate.</param>
public sealed record PlanNodeCount(string NodeName, int Baseline, int Candidate)
{
    /// <summary>Operator present only in the baseline.</summary>
    public bool OnlyInBaseline => Baseline > 0 && Candidate == 0;
    /// <summary>Operator present only in the candidate.</summary>
    public bool OnlyInCandidate => Candidate > 0 && Baseline == 0;
}

/// <summary>Line-level and node-level difference of two physical plans.</summary>
/// <param name="Lines">Line diff in plan order (longest common subsequence).</param>
/// <param name="Nodes">Operator counts per side, operators that differ first.</param>
public sealed record PlanDiffResult(IReadOnlyList<PlanDiffLine> Lines, IReadOnlyList<PlanNodeCount> Nodes)
{
    /// <summary>Operators that appear only in the baseline.</summary>
    public IReadOnlyList<string> NodesOnlyInBaseline => Nodes.Where(n => n.OnlyInBaseline).Select(n => n.NodeName).ToList();
    /// <summary>Operators that appear only in the candidate (e.g. InMemoryTableScan in a cached run).</summary>
    public IReadOnlyList<string> NodesOnlyInCandidate => Nodes.Where(n => n.OnlyInCandidate).Select(n => n.NodeName).ToList();
    /// <summary>True when the plans have the same lines and operators.</summary>
    public bool IsIdentical => Lines.All(l => l.Kind == PlanLineKind.Both) && Nodes.All(n => n.Baseline == n.Candidate);
}

/// <summary>SQL executions of two runs paired by description and order.</summary>
/// <param name="Pairs">Matched (baseline, candidate) executions.</param>
/// <param name="OnlyInBaseline">Baseline executions without a partner.</param>
/// <param name="OnlyInCandidate">Candidate executions without a partner.</param>
public sealed record SqlExecutionMatch(
    IReadOnlyList<(SparkSqlExecution Baseline, SparkSqlExecution Candidate)> Pairs,
    IReadOnlyList<SparkSqlExecution> OnlyInBaseline,
    IReadOnlyList<SparkSqlExecution> OnlyInCandidate);

/// <summary>
/// Compares physical plans. Lines are taken from the "== Physical Plan ==" tree of Spark's planDescription (up to the
/// first blank line, so the numbered detail sections of the formatted mode are skipped) and normalised so that two
/// runs of the same query compare equal: tree drawing (+- :- |), whole-stage-codegen markers (*, *(2)), node numbers
/// "(5)", expression ids "#123L" and "[plan_id=7]" are removed.
/// </summary>
public static partial class PlanDiff
{
    /// <summary>Diffs two executions: lines from planDescription, nodes from the plan graph when both have one.</summary>
    public static PlanDiffResult Compare(SparkSqlExecution baseline, SparkSqlExecution candidate)
    {
        var lines = DiffLines(TreeLines(baseline.PlanDescription), TreeLines(candidate.PlanDescription));
        var nodes = baseline.Nodes.Count > 0 && candidate.Nodes.Count > 0
            ? CountNodes(baseline.Nodes.Select(n => NodeName(n.NodeName)), candidate.Nodes.Select(n => NodeName(n.NodeName)))
            : CountNodes(NodeNames(baseline.PlanDescription), NodeNames(candidate.PlanDescription));
        return new PlanDiffResult(lines, nodes);
    }

    /// <summary>Diffs two planDescription texts.</summary>
    public static PlanDiffResult Compare(string? baselinePlan, string? candidatePlan) =>
        new(DiffLines(TreeLines(baselinePlan), TreeLines(candidatePlan)),
            CountNodes(NodeNames(baselinePlan), NodeNames(candidatePlan)));

    /// <summary>Normalised operator lines of the physical plan tree.</summary>
    public static IReadOnlyList<string> OperatorLines(string? planDescription) =>
        TreeLines(planDescription).Select(l => l.Text).ToList();

    /// <summary>Each operator line of the physical plan tree: its tree drawing as printed, and its normalised text.</summary>
    private static List<(string Tree, string Text)> TreeLines(string? planDescription)
    {
        if (string.IsNullOrWhiteSpace(planDescription)) return [];
        var all = planDescription.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(all, l => l.Trim() == "== Physical Plan ==");
        var result = new List<(string Tree, string Text)>();
        for (var i = start + 1; i < all.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(all[i]))
            {
                if (result.Count > 0) break;
                continue;
            }

            if (start < 0 && all[i].TrimStart().StartsWith("==", StringComparison.Ordinal) && result.Count == 0) continue;
            var line = NormaliseLine(all[i]);
            if (line.Length > 0) result.Add((TreePrefix().Match(all[i]).Value, line));
        }

        return result;
    }

    /// <summary>Operator names of the physical plan tree ("== Final Plan ==" style markers excluded).</summary>
    public static IReadOnlyList<string> NodeNames(string? planDescription) =>
        OperatorLines(planDescription).Where(l => !l.StartsWith("==", StringComparison.Ordinal)).Select(NodeName).Where(n => n.Length > 0).ToList();

    /// <summary>Pairs executions by description and order (k-th execution with a description ↔ k-th on the other side).</summary>
    public static SqlExecutionMatch MatchExecutions(IReadOnlyList<SparkSqlExecution> baseline, IReadOnlyList<SparkSqlExecution> candidate)
    {
        static Dictionary<(string, int), SparkSqlExecution> Keyed(IEnumerable<SparkSqlExecution> list)
        {
            var counters = new Dictionary<string, int>(StringComparer.Ordinal);
            var keyed = new Dictionary<(string, int), SparkSqlExecution>();
            foreach (var e in list.OrderBy(e => e.Id))
            {
                var k = counters.TryGetValue(e.Description, out var n) ? n : 0;
                counters[e.Description] = k + 1;
                keyed[(e.Description, k)] = e;
            }

            return keyed;
        }

        var b = Keyed(baseline);
        var c = Keyed(candidate);
        var pairs = new List<(SparkSqlExecution, SparkSqlExecution)>();
        var onlyB = new List<SparkSqlExecution>();
        foreach (var (key, e) in b.OrderBy(kv => kv.Value.Id))
        {
            if (c.Remove(key, out var other)) pairs.Add((e, other));
            else onlyB.Add(e);
        }

        return new SqlExecutionMatch(pairs, onlyB, c.Values.OrderBy(e => e.Id).ToList());
    }

    /// <summary>Normalises one plan line (see the type's remarks).</summary>
    public static string NormaliseLine(string line)
    {
        var s = TreePrefix().Replace(line, "");
        s = CodegenMarker().Replace(s, "");
        s = ExpressionId().Replace(s, "");
        s = PlanId().Replace(s, "");
        s = NodeNumber().Replace(s, "");
        return Whitespace().Replace(s, " ").Trim();
    }

    /// <summary>Operator name of a plan line or plan-graph node name: its first word, two words for "Scan x".</summary>
    public static string NodeName(string lineOrNodeName)
    {
        var s = NormaliseLine(lineOrNodeName);
        var m = LeadingWords().Match(s);
        if (!m.Success) return s;
        var first = m.Groups[1].Value;
        return first == "Scan" && m.Groups[2].Success ? $"Scan {m.Groups[2].Value}" : first;
    }

    private static List<PlanNodeCount> CountNodes(IEnumerable<string> baseline, IEnumerable<string> candidate)
    {
        var counts = new Dictionary<string, (int B, int C)>(StringComparer.Ordinal);
        foreach (var n in baseline) counts[n] = counts.TryGetValue(n, out var v) ? (v.B + 1, v.C) : (1, 0);
        foreach (var n in candidate) counts[n] = counts.TryGetValue(n, out var v) ? (v.B, v.C + 1) : (0, 1);
        return counts
            .Select(kv => new PlanNodeCount(kv.Key, kv.Value.B, kv.Value.C))
            .OrderBy(n => n.Baseline == n.Candidate)
            .ThenBy(n => n.NodeName, StringComparer.Ordinal)
            .ToList();
    }

    private static List<PlanDiffLine> DiffLines(List<(string Tree, string Text)> b, List<(string Tree, string Text)> c)
    {
        // Classic LCS table on the normalised text; plans are a few hundred lines at most.
        var lcs = new int[b.Count + 1, c.Count + 1];
        for (var i = b.Count - 1; i >= 0; i--)
            for (var j = c.Count - 1; j >= 0; j--)
                lcs[i, j] = b[i].Text == c[j].Text ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var result = new List<PlanDiffLine>();
        int x = 0, y = 0;
        while (x < b.Count && y < c.Count)
        {
            if (b[x].Text == c[y].Text) { result.Add(new(PlanLineKind.Both, b[x].Text, b[x].Tree, c[y].Tree)); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) { result.Add(new(PlanLineKind.OnlyInBaseline, b[x].Text, BaselineTree: b[x].Tree)); x++; }
            else { result.Add(new(PlanLineKind.OnlyInCandidate, c[y].Text, CandidateTree: c[y].Tree)); y++; }
        }

        for (; x < b.Count; x++) result.Add(new(PlanLineKind.OnlyInBaseline, b[x].Text, BaselineTree: b[x].Tree));
        for (; y < c.Count; y++) result.Add(new(PlanLineKind.OnlyInCandidate, c[y].Text, CandidateTree: c[y].Tree));
        return result;
    }

    [GeneratedRegex(@"^[\s+:|\-]*(?=\S)")]
    private static partial Regex TreePrefix();

    [GeneratedRegex(@"^\*(\(\d+\))?\s*")]
    private static partial Regex CodegenMarker();

    [GeneratedRegex(@"#\d+L?\b")]
    private static partial Regex ExpressionId();

    [GeneratedRegex(@"\s*\[plan_id=\d+\]")]
    private static partial Regex PlanId();

    [GeneratedRegex(@"\s+\(\d+\)(?=\s|$)")]
    private static partial Regex NodeNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^([A-Za-z][\w]*)(?:\s+([\w]+))?")]
    private static partial Regex LeadingWords();
}
