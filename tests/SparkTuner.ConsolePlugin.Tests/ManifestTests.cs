using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SparkTuner.Web.Hosting;

namespace SparkTuner.ConsolePlugin.Tests;

/// <summary>
/// The plugin's Kubernetes manifests (deploy/openshift-console-plugin/manifests), loaded strictly (an unknown field or a
/// wrong type fails) with KubernetesClient's models, and ConsolePlugin with the few fields of console.openshift.io/v1
/// modelled here; then checked against each other, the plugin's code and SparkTuner's settings.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string Dir = Path.Combine(PluginBuildFixture.PluginSource, "manifests");

    private static readonly Dictionary<string, Type> Types = new()
    {
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["console.openshift.io/v1/ConsolePlugin"] = typeof(ConsolePluginResource),
    };

    private static T Load<T>(string file, Func<string, string>? edit = null) =>
        KubernetesYaml.LoadAllFromString((edit ?? (s => s))(File.ReadAllText(Path.Combine(Dir, file))), Types, strict: true).OfType<T>().Single();

    [Fact]
    public void Manifests_LoadStrictly_AndAgreeWithEachOtherThePluginAndTheApp()
    {
        var plugin = Load<ConsolePluginResource>("consoleplugin.yaml");
        var service = Load<V1Service>("service.yaml");
        var deployment = Load<V1Deployment>("deployment-console-tls.yaml");
        var policy = Load<V1NetworkPolicy>("networkpolicy.yaml");
        var package = JsonNode.Parse(File.ReadAllText(Path.Combine(PluginBuildFixture.PluginSource, "package.json")))!;
        var proxyBase = Regex.Match(File.ReadAllText(Path.Combine(PluginBuildFixture.PluginSource, "src", "sparktuner.ts")),
            "PROXY_BASE = '/api/proxy/plugin/([^/]+)/([^']+)'");

        // The name the console knows the plugin by, in the manifest and in the build; the proxy path the code calls.
        Assert.Equal((string?)package["consolePlugin"]!["name"], plugin.Metadata.Name);
        Assert.Equal(plugin.Metadata.Name, proxyBase.Groups[1].Value);
        var proxy = Assert.Single(plugin.Spec.Proxy);
        Assert.Equal(proxyBase.Groups[2].Value, proxy.Alias);
        Assert.Equal("UserToken", proxy.Authorization);

        // Both the plugin files and the proxy go to the service-CA TLS port of SparkTuner's pod.
        var port = Assert.Single(service.Spec.Ports);
        foreach (var target in new[] { plugin.Spec.Backend.Service, proxy.Endpoint.Service })
        {
            Assert.Equal(service.Metadata.Name, target.Name);
            Assert.Equal(port.Port, target.Port);
        }
        Assert.Equal(EmbeddingOptions.ConsolePluginPath + "/", plugin.Spec.Backend.Service.BasePath);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Contains(container.Ports, p => p.Name == port.TargetPort.Value && p.ContainerPort == port.Port);
        Assert.Equal(port.TargetPort.Value, policy.Spec.Ingress.Single().Ports.Single().Port.Value);

        // The certificate the service CA writes is what Kestrel's TLS endpoint reads.
        var secret = service.Metadata.Annotations["service.beta.openshift.io/serving-cert-secret-name"];
        var volume = deployment.Spec.Template.Spec.Volumes.Single(v => v.Secret?.SecretName == secret);
        var mount = container.VolumeMounts.Single(m => m.Name == volume.Name);
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(mount.MountPath + "/tls.crt", env["Kestrel__Endpoints__ConsoleTls__Certificate__Path"]);
        Assert.Equal(mount.MountPath + "/tls.key", env["Kestrel__Endpoints__ConsoleTls__Certificate__KeyPath"]);
        Assert.Equal($"https://*:{port.Port}", env["Kestrel__Endpoints__ConsoleTls__Url"]);
        Assert.Equal("true", env["Prometheus__ForwardUserToken"]);
        Assert.False(string.IsNullOrEmpty(env["Embedding__ConsolePluginDirectory"]));
    }

    [Fact]
    public void Manifests_WithAMisspeltField_FailToLoad()
    {
        Assert.ThrowsAny<Exception>(() => Load<ConsolePluginResource>("consoleplugin.yaml", s => s.Replace("authorization:", "authorisation:", StringComparison.Ordinal)));
        Assert.ThrowsAny<Exception>(() => Load<V1Service>("service.yaml", s => s.Replace("targetPort:", "targetPrt:", StringComparison.Ordinal)));
    }

    /// <summary>console.openshift.io/v1 ConsolePlugin, the fields this repository sets (OpenShift 4.17+ API).</summary>
    public sealed class ConsolePluginResource : IKubernetesObject<V1ObjectMeta>
    {
        [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
        [JsonPropertyName("kind")] public string Kind { get; set; } = "";
        [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
        [JsonPropertyName("spec")] public PluginSpec Spec { get; set; } = new();
    }

    public sealed class PluginSpec
    {
        [JsonPropertyName("displayName")] public string DisplayName { get; set; } = "";
        [JsonPropertyName("backend")] public Backend Backend { get; set; } = new();
        [JsonPropertyName("proxy")] public List<PluginProxy> Proxy { get; set; } = [];
    }

    public sealed class Backend
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "";
        [JsonPropertyName("service")] public ServiceRef Service { get; set; } = new();
    }

    public sealed class ServiceRef
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";
        [JsonPropertyName("port")] public int Port { get; set; }
        [JsonPropertyName("basePath")] public string? BasePath { get; set; }
    }

    public sealed class PluginProxy
    {
        [JsonPropertyName("alias")] public string Alias { get; set; } = "";
        [JsonPropertyName("authorization")] public string Authorization { get; set; } = "";
        [JsonPropertyName("endpoint")] public Backend Endpoint { get; set; } = new();
    }
}
