using System.Text.RegularExpressions;
using SparkTuner.Demo;
using SparkTuner.TestSupport;
using YamlDotNet.RepresentationModel;

namespace SparkTuner.Alerts.Tests;

/// <summary>deploy/alerts through promtool (check and unit tests) and the PrometheusRule kept equal to the rule file.</summary>
public sealed partial class RuleTests
{
    [Fact]
    public async Task PromtoolCheckRules_RuleFile_Passes()
    {
        var (code, output) = await AlertFiles.PromtoolAsync("check", "rules", AlertFiles.Rules);
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolTestRules_UnitTests_Pass()
    {
        var (code, output) = await AlertFiles.PromtoolAsync("test", "rules", AlertFiles.RuleTests);
        Assert.True(code == 0, output);
    }

    public static TheoryData<string> AlertNames() => new(AlertFiles.Alerts(AlertFiles.ReadRules()).Select(r => r.Alert!));

    /// <summary>
    /// The unit tests cover each alert's firing, its not firing, and its <c>for:</c>: with the hold removed (<c>for: 0s</c>) or
    /// the alert never firing (<c>expr: vector(0) == 1</c>), promtool's tests of that alert must fail.
    /// </summary>
    [Theory]
    [MemberData(nameof(AlertNames))]
    public async Task UnitTests_CatchABrokenRule(string alert)
    {
        var file = AlertFiles.ReadRules();
        var rule = AlertFiles.Alerts(file).Single(r => r.Alert == alert);
        Assert.False(string.IsNullOrEmpty(rule.For), $"{alert} has no for:");

        var tests = File.ReadAllText(AlertFiles.RuleTests);
        Assert.Contains($"alertname: {alert}\n        exp_alerts:", tests, StringComparison.Ordinal);

        foreach (var (what, mutate) in new (string, Action<Rule>)[]
                 {
                     ("for: 0s", r => r.For = "0s"),
                     ("never firing", r => r.Expr = "vector(0) == 1"),
                 })
        {
            var broken = AlertFiles.ReadRules();
            mutate(AlertFiles.Alerts(broken).Single(r => r.Alert == alert));
            var dir = ServerProcess.NewRoot("rules");
            try
            {
                await File.WriteAllTextAsync(Path.Combine(dir, "spark-rules.yaml"), new YamlDotNet.Serialization.SerializerBuilder()
                    .WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance)
                    .ConfigureDefaultValuesHandling(YamlDotNet.Serialization.DefaultValuesHandling.OmitNull)
                    .Build().Serialize(broken));
                File.Copy(AlertFiles.RuleTests, Path.Combine(dir, "spark-rules.test.yaml"));
                var (code, output) = await AlertFiles.PromtoolAsync("test", "rules", Path.Combine(dir, "spark-rules.test.yaml"));
                Assert.True(code != 0, $"{alert} with {what}: promtool's tests still pass\n{output}");
                Assert.Contains($"alertname: {alert}", output, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void EveryAlert_HasSeverityAndADashboardLinkOnTheExternalLabel()
    {
        foreach (var rule in AlertFiles.Alerts(AlertFiles.ReadRules()))
        {
            Assert.True(rule.Labels?.ContainsKey("severity"), $"{rule.Alert} has no severity");
            Assert.NotNull(rule.Annotations);
            Assert.True(rule.Annotations.ContainsKey("summary") && rule.Annotations.ContainsKey("description"), $"{rule.Alert}: summary and description");
            var link = rule.Annotations.GetValueOrDefault("dashboard_url") ?? "";
            // The two pages a link may open: a run's Data source page (by application id) or the Runs page.
            Assert.Matches(@"^\{\{ \$externalLabels\.sparktuner_url \}\}/(datasource\?run=\{\{ \$labels\.application_id \| urlquery \}\}|runs\?from=now-24h)$", link);
            // That the id is really in the alert's labels is what the promtool tests check (exp_annotations).
        }
    }

    [GeneratedRegex(@"\bmetrics_executor_[A-Za-z_]+")]
    private static partial Regex ExecutorMetric();

    [Fact]
    public void ExecutorEndpointNames_AreSparksOwn()
    {
        // The names Spark 3.5's /metrics/executors/prometheus prints (the demo writes them from PrometheusResource's list).
        var known = DemoDataset.ExecutorMetricNames.ToHashSet(StringComparer.Ordinal);
        var used = AlertFiles.ReadRules().Groups.SelectMany(g => g.Rules)
            .SelectMany(r => ExecutorMetric().Matches(r.Expr).Select(m => m.Value)).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, known));
    }

    [Fact]
    public void JmxExporterNames_AreTheCatalogsOrFollowItsNaming()
    {
        // The jmx-exporter profile's names (spark-operator rules, REFERENCE §3.4): the spill counter is the catalog's own;
        // the executor heap usage is JvmSource's heap.usage under the same rule as the catalog's heap.used.
        var catalog = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "SparkTuner.Core", "Catalog", "DefaultCatalog.json"));
        var exprs = string.Join("\n", AlertFiles.ReadRules().Groups.SelectMany(g => g.Rules).Select(r => r.Expr));
        Assert.Contains("spark_executor_diskbytesspilled_type_counters_count(_total)?", catalog.Replace("\\\"", "\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("spark_executor_diskbytesspilled_type_counters_count(_total)?", exprs, StringComparison.Ordinal);
        Assert.Contains("spark_executor_jvm_heap_used_type_gauges", catalog, StringComparison.Ordinal);
        Assert.Contains("spark_executor_jvm_heap_usage_type_gauges", exprs, StringComparison.Ordinal);
    }

    [Fact]
    public void Kustomization_ListsThePrometheusRule()
    {
        var kustomization = Node(File.ReadAllText(Path.Combine(AlertFiles.Folder, "kustomization.yaml")));
        Assert.Equal("Kustomization", ((YamlScalarNode)kustomization["kind"]).Value);
        var resources = ((YamlSequenceNode)kustomization["resources"]).Children.Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Equal(["prometheusrule.yaml"], resources);
        Assert.True(File.Exists(AlertFiles.PrometheusRule));
    }

    [Fact]
    public void PrometheusRule_CarriesTheRuleFilesGroupsUnchanged()
    {
        var resource = AlertFiles.Read<PrometheusRuleResource>(File.ReadAllText(AlertFiles.PrometheusRule));
        Assert.Equal("monitoring.coreos.com/v1", resource.ApiVersion);
        Assert.Equal("PrometheusRule", resource.Kind);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", resource.Metadata.Name);

        // Node for node: the groups of both files as YAML trees (comments aside).
        var fromFile = Node(File.ReadAllText(AlertFiles.Rules))["groups"];
        var fromResource = Node(File.ReadAllText(AlertFiles.PrometheusRule))["spec"]["groups"];
        Assert.True(Canonical(fromFile) == Canonical(fromResource),
            "deploy/alerts/prometheusrule.yaml differs from spark-rules.yaml: run deploy/alerts/make-prometheusrule");
    }

    [Fact]
    public void StrictModel_RefusesAMisspeltField()
    {
        var yaml = File.ReadAllText(AlertFiles.PrometheusRule).Replace("annotations:", "anotations:", StringComparison.Ordinal);
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => AlertFiles.Read<PrometheusRuleResource>(yaml));
        var groups = File.ReadAllText(AlertFiles.Rules).Replace("    rules:", "    rule:", StringComparison.Ordinal);
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => AlertFiles.Read<RuleFile>(groups));
    }

    [Fact]
    public async Task PromtoolCheckRules_GroupsOfThePrometheusRule_Pass()
    {
        var spec = Node(File.ReadAllText(AlertFiles.PrometheusRule))["spec"];
        var dir = ServerProcess.NewRoot("rules");
        try
        {
            var path = Path.Combine(dir, "groups.yaml");
            var stream = new YamlStream(new YamlDocument(spec));
            await using (var writer = File.CreateText(path)) stream.Save(writer, assignAnchors: false);
            var (code, output) = await AlertFiles.PromtoolAsync("check", "rules", path);
            Assert.True(code == 0, output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static YamlNode Node(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode s => "'" + s.Value + "'",
        YamlSequenceNode q => "[" + string.Join(",", q.Children.Select(Canonical)) + "]",
        YamlMappingNode m => "{" + string.Join(",", m.Children.Select(kv => Canonical(kv.Key) + ":" + Canonical(kv.Value))) + "}",
        _ => node.ToString(),
    };
}
