using SparkTuner.Core.Query;

namespace SparkTuner.Core.Tests.Query;

public class PromQlTemplateTests
{
    private static readonly TemplateContext Context = new("spark-abc", "cartesian-200k.noncached", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    [Fact]
    public void Render_AppId_InsertsQuotedLiteral()
    {
        Assert.Equal("x{application_id=\"spark-abc\"}", PromQlTemplate.Render("x{application_id={app_id}}", Context));
    }

    [Fact]
    public void Render_Namespace_NormalisesLikePrometheusServlet()
    {
        Assert.Equal("metrics_cartesian_200k_noncached_driver_jvm_heap_used_Value",
            PromQlTemplate.Render("metrics_{ns}_driver_jvm_heap_used_Value", Context));
    }

    [Fact]
    public void Render_WindowAndStep_AreDurations()
    {
        Assert.Equal("rate(x[30s]) step 1m", PromQlTemplate.Render("rate(x[{window}]) step {step}", Context));
    }

    [Fact]
    public void Render_AppNameWithQuote_IsEscaped()
    {
        var ctx = Context with { AppName = "my \"app\"" };
        Assert.Equal("x{n=\"my \\\"app\\\"\"}", PromQlTemplate.Render("x{n={app_name}}", ctx));
    }

    [Fact]
    public void Render_KubernetesAppName_IsLabelFormLiteral()
    {
        Assert.Equal("x{l=\"cartesian-200k-noncached\"}", PromQlTemplate.Render("x{l={k8s_app_name}}", Context));
    }

    [Fact]
    public void Render_UnknownPlaceholder_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => PromQlTemplate.Render("x{a={app}}", Context));
        Assert.Contains("{app}", ex.Message);
    }

    [Fact]
    public void UnknownPlaceholders_PromQlBracesIgnored_OnlyPlaceholdersReported()
    {
        Assert.Equal(["foo"], PromQlTemplate.UnknownPlaceholders("sum by (a) (x{type=\"gauges\", b={app_id}}[{window}]) + {foo}"));
    }

    [Theory]
    [InlineData("cartesian-200k.noncached", "cartesian_200k_noncached")]
    [InlineData("a--b", "a__b")]
    [InlineData("Mixed Case", "Mixed_Case")]
    [InlineData("日本", "__")]
    [InlineData("go🚀", "go_")]
    public void SparkNamespaceKey_Table_ReplacesEachNonAlphanumeric(string name, string expected)
    {
        Assert.Equal(expected, PromQlTemplate.SparkNamespaceKey(name));
    }

    [Fact]
    public void KubernetesAppNameLabel_LongName_CutAt63()
    {
        var label = PromQlTemplate.KubernetesAppNameLabel(new string('A', 80) + "_x");
        Assert.Equal(63, label.Length);
        Assert.Equal(new string('a', 63), label);
    }
}
