using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace SparkTuner.Deploy.Tests.Manifests;

// Offline models of the prometheus-operator's monitoring.coreos.com/v1 kinds that SparkTuner ships, for
// StrictManifests (KubernetesClient has none). Field names follow the CRDs (prometheus-operator v0.7x API reference):
// properties are camel-cased by the YAML naming convention; the few snake_case fields carry a YamlMember alias.
// Only the fields a manifest of ours may use are modelled: a field not listed fails the strict check, so add it here,
// spelt as in the CRD, when a manifest needs it.

/// <summary>A Prometheus relabelling rule (RelabelConfig).</summary>
public sealed class RelabelConfig
{
    public List<string>? SourceLabels { get; set; }
    public string? Separator { get; set; }
    public string? TargetLabel { get; set; }
    public string? Regex { get; set; }
    public long? Modulus { get; set; }
    public string? Replacement { get; set; }
    public string? Action { get; set; }
}

/// <summary>namespaceSelector of a ServiceMonitor or PodMonitor.</summary>
public sealed class NamespaceSelector
{
    public bool? Any { get; set; }
    public List<string>? MatchNames { get; set; }
}

/// <summary>A key of a Secret or ConfigMap (SecretKeySelector / ConfigMapKeySelector).</summary>
public sealed class KeySelector
{
    public string? Name { get; set; }
    public string? Key { get; set; }
    public bool? Optional { get; set; }
}

/// <summary>SecretOrConfigMap of a TLS config.</summary>
public sealed class SecretOrConfigMap
{
    public KeySelector? Secret { get; set; }
    public KeySelector? ConfigMap { get; set; }
}

/// <summary>SafeTLSConfig / TLSConfig of an endpoint.</summary>
public sealed class TlsConfig
{
    public SecretOrConfigMap? Ca { get; set; }
    public SecretOrConfigMap? Cert { get; set; }
    public KeySelector? KeySecret { get; set; }
    public string? CaFile { get; set; }
    public string? CertFile { get; set; }
    public string? KeyFile { get; set; }
    public string? ServerName { get; set; }
    public bool? InsecureSkipVerify { get; set; }
}

/// <summary>SafeAuthorization of an endpoint.</summary>
public sealed class Authorization
{
    public string? Type { get; set; }
    public KeySelector? Credentials { get; set; }
}

/// <summary>BasicAuth of an endpoint.</summary>
public sealed class BasicAuth
{
    public KeySelector? Username { get; set; }
    public KeySelector? Password { get; set; }
}

/// <summary>The fields ServiceMonitor endpoints and PodMonitor podMetricsEndpoints share.</summary>
public abstract class ScrapeEndpoint
{
    public string? Port { get; set; }
    public IntOrString? TargetPort { get; set; }
    public string? Path { get; set; }
    public string? Scheme { get; set; }
    public Dictionary<string, List<string>>? Params { get; set; }
    public string? Interval { get; set; }
    public string? ScrapeTimeout { get; set; }
    public TlsConfig? TlsConfig { get; set; }
    public KeySelector? BearerTokenSecret { get; set; }
    public Authorization? Authorization { get; set; }
    public BasicAuth? BasicAuth { get; set; }
    public bool? HonorLabels { get; set; }
    public bool? HonorTimestamps { get; set; }
    public bool? TrackTimestampsStaleness { get; set; }
    public List<RelabelConfig>? MetricRelabelings { get; set; }
    public List<RelabelConfig>? Relabelings { get; set; }
    public string? ProxyUrl { get; set; }
    public bool? FollowRedirects { get; set; }
    public bool? EnableHttp2 { get; set; }
    public bool? FilterRunning { get; set; }
}

/// <summary>An endpoint of a ServiceMonitor.</summary>
public sealed class ServiceMonitorEndpoint : ScrapeEndpoint
{
    public string? BearerTokenFile { get; set; }
}

/// <summary>An endpoint of a PodMonitor.</summary>
public sealed class PodMetricsEndpoint : ScrapeEndpoint
{
    public int? PortNumber { get; set; }
}

/// <summary>spec of a ServiceMonitor.</summary>
public sealed class ServiceMonitorSpec
{
    public string? JobLabel { get; set; }
    public List<string>? TargetLabels { get; set; }
    public List<string>? PodTargetLabels { get; set; }
    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
    public V1LabelSelector? Selector { get; set; }
    public NamespaceSelector? NamespaceSelector { get; set; }
    public long? SampleLimit { get; set; }
    public long? TargetLimit { get; set; }
    public long? LabelLimit { get; set; }
    public List<string>? ScrapeProtocols { get; set; }
}

/// <summary>spec of a PodMonitor.</summary>
public sealed class PodMonitorSpec
{
    public string? JobLabel { get; set; }
    public List<string>? PodTargetLabels { get; set; }
    public List<PodMetricsEndpoint> PodMetricsEndpoints { get; set; } = [];
    public V1LabelSelector? Selector { get; set; }
    public NamespaceSelector? NamespaceSelector { get; set; }
    public long? SampleLimit { get; set; }
    public long? TargetLimit { get; set; }
    public long? LabelLimit { get; set; }
    public List<string>? ScrapeProtocols { get; set; }
}

/// <summary>monitoring.coreos.com/v1 ServiceMonitor.</summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>, ISpec<ServiceMonitorSpec>
{
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";
    public string Kind { get; set; } = "ServiceMonitor";
    public V1ObjectMeta Metadata { get; set; } = new();
    public ServiceMonitorSpec Spec { get; set; } = new();
}

/// <summary>monitoring.coreos.com/v1 PodMonitor.</summary>
public sealed class PodMonitor : IKubernetesObject<V1ObjectMeta>, ISpec<PodMonitorSpec>
{
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";
    public string Kind { get; set; } = "PodMonitor";
    public V1ObjectMeta Metadata { get; set; } = new();
    public PodMonitorSpec Spec { get; set; } = new();
}

/// <summary>A recording or alerting rule of a PrometheusRule group.</summary>
public sealed class PrometheusRuleRule
{
    public string? Record { get; set; }
    public string? Alert { get; set; }
    public IntOrString? Expr { get; set; }
    public string? For { get; set; }
    [YamlMember(Alias = "keep_firing_for", ApplyNamingConventions = false)]
    public string? KeepFiringFor { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary>A rule group of a PrometheusRule.</summary>
public sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = "";
    public string? Interval { get; set; }
    [YamlMember(Alias = "query_offset", ApplyNamingConventions = false)]
    public string? QueryOffset { get; set; }
    public int? Limit { get; set; }
    [YamlMember(Alias = "partial_response_strategy", ApplyNamingConventions = false)]
    public string? PartialResponseStrategy { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public List<PrometheusRuleRule> Rules { get; set; } = [];
}

/// <summary>spec of a PrometheusRule.</summary>
public sealed class PrometheusRuleSpec
{
    public List<PrometheusRuleGroup> Groups { get; set; } = [];
}

/// <summary>monitoring.coreos.com/v1 PrometheusRule.</summary>
public sealed class PrometheusRule : IKubernetesObject<V1ObjectMeta>, ISpec<PrometheusRuleSpec>
{
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";
    public string Kind { get; set; } = "PrometheusRule";
    public V1ObjectMeta Metadata { get; set; } = new();
    public PrometheusRuleSpec Spec { get; set; } = new();
}
