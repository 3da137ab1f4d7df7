using SparkTuner.Core.Catalog;
using SparkTuner.Core.Diagnostics;

namespace SparkTuner.Core.Tests.Diagnostics;

public class TemplateNamesTests
{
    [Fact]
    public void Extract_ServletTemplateWithRate_NameWithPlaceholder()
    {
        var names = TemplateNames.Extract("rate(metrics_{ns}_driver_JVMCPU_jvmCpuTime_Value{type=\"gauges\"}[{window}]) / 1e9");

        var n = Assert.Single(names);
        Assert.Equal("metrics_{ns}_driver_JVMCPU_jvmCpuTime_Value", n.Text);
        Assert.True(n.HasPlaceholder);
        Assert.Equal("metrics_a_b_c_driver_JVMCPU_jvmCpuTime_Value", n.ForApp("a-b.c"));
        Assert.Equal("metrics_.+_driver_JVMCPU_jvmCpuTime_Value", n.AnyRegex());
    }

    [Fact]
    public void Extract_KubernetesJoin_BothNamesNoFunctionsOrLabels()
    {
        var names = TemplateNames.Extract(
            "sum by (namespace, pod) (max by (namespace, pod, interface) (rate(container_network_receive_bytes_total[{window}]))) * on (namespace, pod) " +
            "group_left (label_spark_exec_id) max by (namespace, pod, label_spark_exec_id) (kube_pod_labels{label_spark_app_selector={app_id}, label_spark_role=\"executor\"})");

        Assert.Equal(["container_network_receive_bytes_total", "kube_pod_labels"], names.Select(n => n.Text));
        Assert.All(names, n => Assert.False(n.IsRegex));
    }

    [Fact]
    public void Extract_NameMatcherRegex_RegexPattern()
    {
        var names = TemplateNames.Extract("max by (executor_id) ({__name__=~\"spark_executor_runtime_type_counters_count(_total)?\", app_id={app_name}}) / 1000");

        var n = Assert.Single(names);
        Assert.True(n.IsRegex);
        Assert.Equal("spark_executor_runtime_type_counters_count(_total)?", n.Text);
    }

    [Fact]
    public void Extract_QuotedTextLookingLikeAName_Ignored()
    {
        var names = TemplateNames.Extract("foo_total{job=\"bar{x}\", container=\"a[b]\"}");

        Assert.Equal(["foo_total"], names.Select(n => n.Text));
    }

    [Fact]
    public void Extract_EveryDefaultTemplate_AtLeastOneName()
    {
        foreach (var profile in MetricCatalog.Default.Profiles)
        {
            foreach (var (id, templates) in profile.Metrics)
            {
                foreach (var t in new[] { templates.Driver, templates.Executor }.OfType<QueryTemplate>())
                {
                    Assert.True(TemplateNames.Extract(t.Query).Count > 0, $"{profile.Name}/{id}: {t.Query}");
                }
            }
        }
    }

    [Theory]
    [InlineData("metrics_executor_totalDuration_seconds_total", "metrics_executor_totalDuration_(Count|Value)")]
    [InlineData("metrics_executor_JVMHeapMemory_bytes", "metrics_executor_JVMHeapMemory_(Count|Value)")]
    [InlineData("metrics_executor_totalShuffleRead_bytes_total", "metrics_executor_totalShuffleRead_(Count|Value)")]
    [InlineData("metrics_executor_activeTasks", "metrics_executor_activeTasks_(Count|Value)")]
    [InlineData("metrics_executor_activeTasks_Count", null)]
    [InlineData("container_cpu_usage_seconds_total", null)]
    public void Spark30Regex_ExecutorEndpointNames_Spark30Variant(string name, string? expected) =>
        Assert.Equal(expected, DoctorHints.Spark30Regex(name));

    [Theory]
    [InlineData("spark_0c03aaaa1111222233334444555566a1", true)]
    [InlineData("app_20200706201101_0003", true)]
    [InlineData("application_1553914137147_0018", true)]
    [InlineData("local_1642039451826", true)]
    [InlineData("sessionize_baseline", false)]
    [InlineData("spark_pi", false)]
    public void LooksLikeAppIdKey_SparkApplicationIdShapes(string key, bool expected) =>
        Assert.Equal(expected, DoctorHints.LooksLikeAppIdKey(key));

    [Fact]
    public void Duplicates_OtherLabelsDiffer_NoOnlyAndNoSetting()
    {
        var hint = DoctorHints.Duplicates("executor-endpoint", 4, 2, ["application_name"], ["prometheus_replica"]);

        Assert.DoesNotContain("only", hint.Message, StringComparison.Ordinal);
        Assert.Contains("application_name", hint.Message, StringComparison.Ordinal);
        Assert.Null(hint.Setting);
    }
}
