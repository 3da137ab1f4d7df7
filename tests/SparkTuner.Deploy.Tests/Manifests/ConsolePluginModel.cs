using k8s;
using k8s.Models;

namespace SparkTuner.Deploy.Tests.Manifests;

/// <summary>console.openshift.io/v1 ConsolePlugin (OpenShift 4.17+), the fields deploy/openshift-console-plugin sets.</summary>
public sealed class ConsolePlugin : IKubernetesObject<V1ObjectMeta>, ISpec<ConsolePluginSpec>
{
    public string ApiVersion { get; set; } = "console.openshift.io/v1";
    public string Kind { get; set; } = "ConsolePlugin";
    public V1ObjectMeta Metadata { get; set; } = new();
    public ConsolePluginSpec Spec { get; set; } = new();
}

public sealed class ConsolePluginSpec
{
    public string DisplayName { get; set; } = "";
    public ConsolePluginBackend Backend { get; set; } = new();
    public List<ConsolePluginProxy> Proxy { get; set; } = [];
}

/// <summary>A backend or a proxy endpoint: <c>type: Service</c> and the Service.</summary>
public sealed class ConsolePluginBackend
{
    public string Type { get; set; } = "";
    public ConsolePluginService Service { get; set; } = new();
}

public sealed class ConsolePluginService
{
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
    public int Port { get; set; }
    public string? BasePath { get; set; }
}

public sealed class ConsolePluginProxy
{
    public string Alias { get; set; } = "";
    /// <summary><c>UserToken</c> (the console adds the logged-in user's bearer token) or <c>None</c>.</summary>
    public string Authorization { get; set; } = "";
    public ConsolePluginBackend Endpoint { get; set; } = new();
}
