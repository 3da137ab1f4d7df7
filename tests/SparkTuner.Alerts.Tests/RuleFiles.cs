using SparkTuner.TestSupport;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparkTuner.Alerts.Tests;

/// <summary>
/// A strict model of a Prometheus rule file and of the PrometheusRule custom resource (monitoring.coreos.com/v1,
/// fields as in the Prometheus Operator's CRD): an unknown or misspelt field fails deserialisation.
/// </summary>
public sealed class RuleFile
{
    public List<RuleGroup> Groups { get; set; } = [];
}

public sealed class RuleGroup
{
    public string Name { get; set; } = "";
    public string? Interval { get; set; }
    public int? Limit { get; set; }
    [YamlMember(Alias = "query_offset")] public string? QueryOffset { get; set; }
    [YamlMember(Alias = "partial_response_strategy")] public string? PartialResponseStrategy { get; set; }
    public List<Rule> Rules { get; set; } = [];
}

public sealed class Rule
{
    public string? Record { get; set; }
    public string? Alert { get; set; }
    public string Expr { get; set; } = "";
    public string? For { get; set; }
    [YamlMember(Alias = "keep_firing_for")] public string? KeepFiringFor { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

public sealed class PrometheusRuleResource
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public ObjectMeta Metadata { get; set; } = new();
    public RuleFile Spec { get; set; } = new();
}

public sealed class ObjectMeta
{
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary>Paths of deploy/alerts and the strict YAML reader.</summary>
public static class AlertFiles
{
    public static string Folder => Path.Combine(RepoPaths.Root, "deploy", "alerts");
    public static string Rules => Path.Combine(Folder, "spark-rules.yaml");
    public static string RuleTests => Path.Combine(Folder, "spark-rules.test.yaml");
    public static string PrometheusRule => Path.Combine(Folder, "prometheusrule.yaml");

    // No IgnoreUnmatchedProperties: a field the model does not know is an error, as the CRD's schema would make it.
    private static readonly IDeserializer Strict = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static T Read<T>(string yaml) => Strict.Deserialize<T>(yaml);

    public static RuleFile ReadRules() => Read<RuleFile>(File.ReadAllText(Rules));

    public static IEnumerable<Rule> Alerts(RuleFile file) => file.Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null);

    /// <summary>Runs promtool; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> PromtoolAsync(params string[] args) =>
        PrometheusServer.RunAsync(PrometheusServer.Binary("promtool"), CancellationToken.None, args);
}
