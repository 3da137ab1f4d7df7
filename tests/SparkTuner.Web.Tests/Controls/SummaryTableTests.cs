using Bunit;
using SparkTuner.Core.Comparison;
using SparkTuner.Web.Components.Controls;

namespace SparkTuner.Web.Tests.Controls;

public class SummaryTableTests : BunitTestContext
{
    private IRenderedComponent<SummaryTable> RenderTable(ComparisonResult result, Action? onExport = null) =>
        Render<SummaryTable>(p => p
            .Add(t => t.Result, result)
            .Add(t => t.OnExportCsv, () => onExport?.Invoke()));

    [Fact]
    public void SummaryTable_Rows_OneRowPerResultRowWithStableId()
    {
        var cut = RenderTable(Samples.Typical());

        var rows = cut.FindAll("tr[data-metric]");
        Assert.Equal(5, rows.Count);
        Assert.Equal(
            Samples.Typical().Rows.Select(r => r.Metric).Order(StringComparer.Ordinal),
            rows.Select(r => r.GetAttribute("data-metric")!).Order(StringComparer.Ordinal));
        Assert.Equal("better", cut.Find("tr[data-metric='duration_seconds']").GetAttribute("data-verdict"));
        Assert.Equal("worse", cut.Find("tr[data-metric='executor_jvm_heap_peak_bytes']").GetAttribute("data-verdict"));
    }

    [Fact]
    public void SummaryTable_RowNote_VisibleUnderTheMetricWithoutThePartialPart()
    {
        const string copies = "duplicate series: 2 series each came 2 times (differing in prometheus_replica); one copy kept per series, never summed";
        var result = Samples.Typical();
        result = result with
        {
            Rows = result.Rows.Select(r => r.Metric == "shuffle_read_bytes" || r.Metric == result.Rows[1].Metric
                ? r with { Note = copies + "; partial: run c is still running" }
                : r with { Note = "partial: run c is still running" }).ToList(),
        };
        var cut = RenderTable(result);

        var note = cut.Find($"tr[data-metric='{result.Rows[1].Metric}'] .row-note");
        Assert.Equal(copies, note.TextContent);
        Assert.Equal(copies, note.GetAttribute("title"));
        Assert.Empty(cut.FindAll($"tr[data-metric='{result.Rows[0].Metric}'] .row-note"));
        Assert.Empty(cut.FindAll(".row-why"));
    }

    [Fact]
    public void SummaryTable_NotAvailableRow_LinksToTheDataSourceCheckOfTheCandidate()
    {
        var result = Samples.Typical();
        var row = result.Rows[1] with { Verdict = Verdict.NotAvailable, Baseline = null, Candidate = null, Note = "no series for run x: looked for y" };
        result = result with { Rows = [result.Rows[0], row] };
        var cut = RenderTable(result);

        var link = cut.Find($"tr[data-metric='{row.Metric}'] a.row-why");
        Assert.Equal("/datasource?run=" + Uri.EscapeDataString(result.Candidate.Runs[0].Id), link.GetAttribute("href"));
    }

    [Theory]
    [InlineData("duration_seconds", "better", "mud-chip-color-success")]
    [InlineData("executor_jvm_heap_peak_bytes", "worse", "mud-chip-color-error")]
    [InlineData("executor_cpu_mean_cores", "within_noise", "mud-chip-color-default")]
    [InlineData("executor_storage_memory_peak_bytes", "informational", "mud-chip-color-info")]
    public void SummaryTable_Verdict_ChipColourMatches(string metric, string verdict, string colourClass)
    {
        var cut = RenderTable(Samples.Typical());

        var chip = cut.Find($"tr[data-metric='{metric}'] .verdict-chip");
        Assert.Equal(verdict, chip.GetAttribute("data-verdict"));
        Assert.Contains(colourClass, chip.ClassList);
    }

    [Fact]
    public void SummaryTable_Values_FormattedWithUnitsSignAndTwoDecimals()
    {
        var cut = RenderTable(Samples.Typical());

        var heap = cut.Find("tr[data-metric='executor_jvm_heap_peak_bytes']");
        Assert.Equal("3.00 GiB", heap.QuerySelector("td.baseline")!.TextContent.Trim());
        Assert.Equal("4.00 GiB", heap.QuerySelector("td.candidate")!.TextContent.Trim());
        Assert.Equal("+33.3 %", heap.QuerySelector("td.change")!.TextContent.Trim());
        Assert.Equal("-0.25", heap.QuerySelector("td.rip")!.TextContent.Trim());
        Assert.Equal("[-0.31, -0.20]", heap.QuerySelector("td.ci")!.TextContent.Trim());
        var duration = cut.Find("tr[data-metric='duration_seconds']");
        Assert.Equal("-58.3 %", duration.QuerySelector("td.change")!.TextContent.Trim());
        Assert.Equal("0.76", duration.QuerySelector("td.rip")!.TextContent.Trim());
        Assert.Equal("300 s", duration.QuerySelector("td.baseline")!.TextContent.Trim());
        Assert.Contains("n = 2", heap.QuerySelector("td.baseline")!.GetAttribute("title"));
    }

    [Fact]
    public void SummaryTable_NotAvailable_OutlinedChipCarriesNote()
    {
        var cut = RenderTable(Samples.Typical());

        var row = cut.Find("tr[data-metric='executor_disk_spill_bytes']");
        Assert.Equal("n/a", row.QuerySelector("td.baseline")!.TextContent.Trim());
        var chip = row.QuerySelector(".verdict-chip")!;
        Assert.Equal("n/a", chip.GetAttribute("data-verdict"));
        Assert.Contains("mud-chip-outlined", chip.ClassName);
        Assert.Equal("no data for run b1", chip.GetAttribute("title"));
    }

    [Fact]
    public void SummaryTable_Unsorted_GroupsRowsUnderGroupHeaders()
    {
        var cut = RenderTable(Samples.Typical());

        Assert.Equal(["tasks", "memory", "cpu"], cut.FindAll("tr.summary-group-header").Select(r => r.GetAttribute("data-summary-group")!).ToArray());
    }

    [Fact]
    public void SummaryTable_SortByPercentChange_AscendingThenDescendingNaLast()
    {
        var cut = RenderTable(Samples.Typical());

        cut.Find("button[data-sort='percentchange']").Click();
        Assert.Equal(
            ["duration_seconds", "executor_cpu_mean_cores", "executor_jvm_heap_peak_bytes"],
            cut.FindAll("tr[data-metric]").Select(r => r.GetAttribute("data-metric")!).Take(3).ToArray());
        Assert.Empty(cut.FindAll("tr.summary-group-header"));

        cut.Find("button[data-sort='percentchange']").Click();
        var order = cut.FindAll("tr[data-metric]").Select(r => r.GetAttribute("data-metric")).ToArray();
        Assert.Equal("executor_jvm_heap_peak_bytes", order[0]);
        Assert.Equal("percentchange", cut.Find("th[aria-sort='descending'] button").GetAttribute("data-sort"));
    }

    [Fact]
    public void SummaryTable_SortByVerdict_WorseFirst()
    {
        var cut = RenderTable(Samples.Typical());

        cut.Find("button[data-sort='verdict']").Click();

        Assert.Equal("worse", cut.FindAll("tr[data-metric]")[0].GetAttribute("data-verdict"));
        Assert.Equal("n/a", cut.FindAll("tr[data-metric]")[^1].GetAttribute("data-verdict"));
    }

    [Fact]
    public void SummaryTable_ExportCsv_RaisesCallback()
    {
        var raised = 0;
        var cut = RenderTable(Samples.Typical(), () => raised++);

        cut.Find("#export-csv").Click();

        Assert.Equal(1, raised);
    }
}
