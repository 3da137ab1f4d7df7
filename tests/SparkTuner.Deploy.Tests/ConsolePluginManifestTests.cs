using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SparkTuner.Deploy.Tests.Manifests;
using SparkTuner.TestSupport;

namespace SparkTuner.Deploy.Tests;

/// <summary>
/// deploy/openshift-console-plugin/manifests, the kustomize component of the console plugin, as the openshift overlay
/// includes it: the overlay renders with the real <c>kubectl kustomize</c>, passes the strict check, and the plugin's
/// objects agree with each other, the overlay's Deployment, the plugin's code, SparkTuner's settings and the image's
/// layout (<see cref="ContainerImageTests"/> runs the image with this Deployment's plugin setting).
/// </summary>
public sealed class ConsolePluginManifestTests
{
    private static readonly string Plugin = Path.Combine(RepoPaths.Root, "deploy", "openshift-console-plugin");

    /// <summary>The openshift overlay as it is applied: it includes the plugin's component.</summary>
    private static Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> RenderAsync() =>
        KubernetesManifestTests.RenderAsync(Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "overlays", "openshift"));

    private static T One<T>(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, string name) =>
        objects.OfType<T>().Single(o => ((IKubernetesObject<V1ObjectMeta>)o!).Metadata.Name == name);

    [Fact]
    public async Task OpenShiftOverlay_ConsolePluginProxiesWithTheUserTokenToTheServiceCaTlsPortOfTheApp_ThePluginFolderOfTheImage()
    {
        var objects = await RenderAsync();
        var plugin = objects.OfType<ConsolePlugin>().Single();
        var service = One<V1Service>(objects, "sparktuner-console");
        var deployment = One<V1Deployment>(objects, "sparktuner");
        var policy = One<V1NetworkPolicy>(objects, "sparktuner-console-plugin");
        var package = JsonNode.Parse(File.ReadAllText(Path.Combine(Plugin, "package.json")))!;
        var proxyBase = Regex.Match(File.ReadAllText(Path.Combine(Plugin, "src", "sparktuner.ts")), "PROXY_BASE = '/api/proxy/plugin/([^/]+)/([^']+)'");

        // The name the console knows the plugin by, in the resource and the build; the proxy path the code calls.
        Assert.Equal((string?)package["consolePlugin"]!["name"], plugin.Metadata.Name);
        Assert.Equal(plugin.Metadata.Name, proxyBase.Groups[1].Value);
        var proxy = Assert.Single(plugin.Spec.Proxy);
        Assert.Equal(proxyBase.Groups[2].Value, proxy.Alias);
        Assert.Equal("UserToken", proxy.Authorization);

        // The plugin files and the proxy both go to the service-CA TLS port of SparkTuner's pod, in its namespace.
        var port = Assert.Single(service.Spec.Ports);
        foreach (var target in new[] { plugin.Spec.Backend.Service, proxy.Endpoint.Service })
        {
            Assert.Equal(service.Metadata.Name, target.Name);
            Assert.Equal(service.Metadata.NamespaceProperty, target.Namespace);
            Assert.Equal(port.Port, target.Port);
        }
        Assert.Equal("/console-plugin/", plugin.Spec.Backend.Service.BasePath);
        Assert.Equal(deployment.Metadata.NamespaceProperty, service.Metadata.NamespaceProperty);
        Assert.Equal(deployment.Metadata.NamespaceProperty, policy.Metadata.NamespaceProperty);
        Assert.All(service.Spec.Selector, s => Assert.Equal(s.Value, deployment.Spec.Template.Metadata.Labels[s.Key]));
        Assert.All(policy.Spec.PodSelector.MatchLabels, s => Assert.Equal(s.Value, deployment.Spec.Template.Metadata.Labels[s.Key]));
        var app = deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "sparktuner");
        Assert.Contains(deployment.Spec.Template.Spec.Containers, c => c.Name == "oauth-proxy");
        Assert.Contains(app.Ports, p => p.Name == port.TargetPort.Value && p.ContainerPort == port.Port);
        Assert.Equal(port.TargetPort.Value, policy.Spec.Ingress.Single().Ports.Single().Port.Value);

        // The certificate the service CA writes is what Kestrel's TLS endpoint reads; the plain port stays 8080.
        var secret = service.Metadata.Annotations["service.beta.openshift.io/serving-cert-secret-name"];
        Assert.Equal(("console-tls", 9443), (port.Name, port.Port));
        var volume = deployment.Spec.Template.Spec.Volumes.Single(v => v.Secret?.SecretName == secret);
        var mount = app.VolumeMounts.Single(m => m.Name == volume.Name);
        var env = app.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(mount.MountPath + "/tls.crt", env["Kestrel__Endpoints__ConsoleTls__Certificate__Path"]);
        Assert.Equal(mount.MountPath + "/tls.key", env["Kestrel__Endpoints__ConsoleTls__Certificate__KeyPath"]);
        Assert.Equal($"https://*:{port.Port}", env["Kestrel__Endpoints__ConsoleTls__Url"]);
        Assert.Equal("http://*:8080", env["Kestrel__Endpoints__Http__Url"]);
        Assert.Equal("true", env["Prometheus__ForwardUserToken"]);
        // The folder the image carries the built plugin in (deploy/container/Containerfile: the publish folder is /app).
        Assert.Equal("/app/" + ContainerImageTests.PluginFolder, env["Embedding__ConsolePluginDirectory"]);
    }

    [Fact]
    public void ConsolePlugin_WithAMisspeltField_FailsTheStrictCheck()
    {
        var yaml = File.ReadAllText(Path.Combine(Plugin, "manifests", "consoleplugin.yaml"));
        Assert.Single(StrictManifests.Load(yaml, "consoleplugin.yaml"));
        Assert.Throws<ManifestException>(() => StrictManifests.Load(yaml.Replace("authorization:", "authorisation:", StringComparison.Ordinal), "misspelt"));
    }
}
