using Bunit;
using SparkTuner.Web.Components.Controls;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Web.Tests.Controls;

public class GroupPickerTests : BunitTestContext
{
    private IReadOnlyList<string>? _raised;

    private IRenderedComponent<GroupPicker> RenderPicker(params string[] selected) => Render<GroupPicker>(p => p
        .Add(c => c.Groups, MetricCatalog.Default.Groups.Select(g => (g.Key, g.Title)).ToList())
        .Add(c => c.Selected, selected)
        .Add(c => c.SelectedChanged, (IReadOnlyList<string> g) => _raised = g));

    [Fact]
    public void GroupPicker_HideOne_RaisesTheRestInDisplayOrder()
    {
        var cut = RenderPicker("memory", "cpu", "gc");
        Assert.Equal("true", cut.Find("[data-group='cpu']").GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.Find("[data-group='network']").GetAttribute("aria-pressed"));
        cut.Find("[data-group='cpu']").Click();
        Assert.Equal(["memory", "gc"], _raised);
    }

    [Fact]
    public void GroupPicker_ShowOne_AddedInDisplayOrder()
    {
        var cut = RenderPicker("gc", "memory");
        cut.Find("[data-group='cpu']").Click();
        Assert.Equal(["memory", "cpu", "gc"], _raised);
    }

    [Fact]
    public void GroupPicker_LastGroup_CannotBeHidden()
    {
        var cut = RenderPicker("gc");
        cut.Find("[data-group='gc']").Click();
        Assert.Null(_raised);
    }
}
