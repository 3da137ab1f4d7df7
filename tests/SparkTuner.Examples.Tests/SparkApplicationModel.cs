using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparkTuner.Examples.Tests;

/// <summary>
/// A strict model of the fields of the Kubeflow spark-operator's <c>SparkApplication</c> (sparkoperator.k8s.io/v1beta2,
/// api/v1beta2/sparkapplication_types.go) that a batch job uses. A field the model does not have — a misspelling, a field
/// of another version — fails deserialisation, as the CRD's structural schema would refuse it.
/// </summary>
public sealed class SparkApplication
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public Metadata Metadata { get; set; } = new();
    public SparkApplicationSpec Spec { get; set; } = new();

    private static readonly IDeserializer Strict = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    public static SparkApplication Parse(string yaml) => Strict.Deserialize<SparkApplication>(yaml);

    /// <summary>Values the CRD constrains (enums, required fields, quantities); empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (ApiVersion != "sparkoperator.k8s.io/v1beta2") yield return $"apiVersion {ApiVersion}";
        if (Kind != "SparkApplication") yield return $"kind {Kind}";
        if (!System.Text.RegularExpressions.Regex.IsMatch(Metadata.Name, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) yield return $"metadata.name {Metadata.Name}";
        if (Spec.Type is not ("Java" or "Scala" or "Python" or "R")) yield return $"spec.type {Spec.Type}";
        if (Spec.Mode is not (null or "cluster" or "client" or "in-cluster-client")) yield return $"spec.mode {Spec.Mode}";
        if (string.IsNullOrEmpty(Spec.SparkVersion)) yield return "spec.sparkVersion is required";
        if (string.IsNullOrEmpty(Spec.MainApplicationFile)) yield return "spec.mainApplicationFile";
        if (Spec.ImagePullPolicy is not (null or "Always" or "IfNotPresent" or "Never")) yield return $"spec.imagePullPolicy {Spec.ImagePullPolicy}";
        if (Spec.RestartPolicy?.Type is not (null or "Never" or "Always" or "OnFailure")) yield return $"spec.restartPolicy.type {Spec.RestartPolicy?.Type}";
        foreach (var (pod, spec) in new[] { ("driver", (PodSpec?)Spec.Driver), ("executor", Spec.Executor) })
        {
            if (spec is null) { yield return $"spec.{pod} is required"; continue; }
            if (spec.Memory is { } m && !System.Text.RegularExpressions.Regex.IsMatch(m, "^[0-9]+[kmgt]?$")) yield return $"spec.{pod}.memory {m} is not a JVM memory string";
            if (spec.Cores is < 1) yield return $"spec.{pod}.cores {spec.Cores}";
        }
        if (Spec.Executor?.Instances is < 1) yield return $"spec.executor.instances {Spec.Executor.Instances}";
    }
}

public sealed class Metadata
{
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

public sealed class SparkApplicationSpec
{
    public string Type { get; set; } = "";
    public string? Mode { get; set; }
    public string SparkVersion { get; set; } = "";
    public string? Image { get; set; }
    public string? ImagePullPolicy { get; set; }
    public List<string>? ImagePullSecrets { get; set; }
    public string? MainClass { get; set; }
    public string MainApplicationFile { get; set; } = "";
    public List<string>? Arguments { get; set; }
    public Dictionary<string, string>? SparkConf { get; set; }
    public Dictionary<string, string>? HadoopConf { get; set; }
    public string? SparkConfigMap { get; set; }
    public RestartPolicy? RestartPolicy { get; set; }
    public DriverSpec? Driver { get; set; }
    public ExecutorSpec? Executor { get; set; }
    public long? TimeToLiveSeconds { get; set; }
    public Dictionary<string, string>? NodeSelector { get; set; }
}

public sealed class RestartPolicy
{
    public string? Type { get; set; }
    public int? OnFailureRetries { get; set; }
    public long? OnFailureRetryInterval { get; set; }
    public int? OnSubmissionFailureRetries { get; set; }
    public long? OnSubmissionFailureRetryInterval { get; set; }
}

public class PodSpec
{
    public int? Cores { get; set; }
    public string? CoreLimit { get; set; }
    public string? Memory { get; set; }
    public string? MemoryOverhead { get; set; }
    public string? Image { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public string? ServiceAccount { get; set; }
    public List<NamePath>? ConfigMaps { get; set; }
    public List<NamePath>? Secrets { get; set; }
    public Dictionary<string, string>? NodeSelector { get; set; }
}

public sealed class DriverSpec : PodSpec
{
    public string? CoreRequest { get; set; }
}

public sealed class ExecutorSpec : PodSpec
{
    public int? Instances { get; set; }
    public string? CoreRequest { get; set; }
    public bool? DeleteOnTermination { get; set; }
}

public sealed class NamePath
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "";
}
