using k8s;
using k8s.Models;
using SparkTuner.Deploy.Tests.Manifests;
using SparkTuner.TestSupport;

namespace SparkTuner.Deploy.Tests;

/// <summary>
/// deploy/kubernetes: every overlay renders with the real <c>kubectl kustomize</c> and every object passes the strict
/// offline schema check; then what the issue asks of the objects is checked on the rendered output (probes, security
/// context, writable folders, the Thanos Querier wiring, the Route's TLS, the ServiceMonitor's port).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static string Dir(params string[] parts) => Path.Combine([RepoPaths.Root, "deploy", "kubernetes", .. parts]);

    internal static async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> RenderAsync(string folder) =>
        StrictManifests.Load(await Kustomize.RenderAsync(folder), folder);

    private static T One<T>(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, string? name = null) =>
        objects.OfType<T>().Single(o => name is null || ((IKubernetesObject<V1ObjectMeta>)o!).Metadata.Name == name);

    [Theory]
    [InlineData("overlays/kubernetes", "ConfigMap,Deployment,Ingress,NetworkPolicy,NetworkPolicy,PrometheusRule,Secret,Service,ServiceAccount,ServiceMonitor")]
    // The openshift overlay includes the console plugin component: its ConsolePlugin, Service and NetworkPolicy.
    [InlineData("overlays/openshift", "ClusterRoleBinding,ConfigMap,ConfigMap,ConsolePlugin,Deployment,NetworkPolicy,NetworkPolicy,PrometheusRule,Route,Secret,Service,Service,ServiceAccount,ServiceMonitor")]
    public async Task Overlay_Renders_EveryObjectPassesTheStrictCheckInTheNamespace(string overlay, string kinds)
    {
        var objects = await RenderAsync(Dir(overlay));

        Assert.Equal(kinds, string.Join(",", objects.Select(o => o.Kind).Order(StringComparer.Ordinal)));
        Assert.All(objects.Where(o => o.Kind != "ClusterRoleBinding"), o => Assert.Equal("sparktuner", o.Metadata.NamespaceProperty));
        Assert.All(objects, o => Assert.Equal("sparktuner", o.Metadata.Labels["app.kubernetes.io/name"]));
    }

    [Theory]
    [InlineData("overlays/kubernetes")]
    [InlineData("overlays/openshift")]
    public async Task Deployment_EveryContainer_RestrictedSecurityContextResourcesAndProbes(string overlay)
    {
        var objects = await RenderAsync(Dir(overlay));
        var deployment = One<V1Deployment>(objects);
        var pod = deployment.Spec.Template.Spec;

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.Null(pod.SecurityContext.RunAsUser); // OpenShift assigns one from the namespace's range
        foreach (var container in pod.Containers)
        {
            var sc = container.SecurityContext;
            Assert.True(sc.ReadOnlyRootFilesystem, container.Name);
            Assert.False(sc.AllowPrivilegeEscalation, container.Name);
            Assert.True(sc.RunAsNonRoot, container.Name);
            Assert.Equal(["ALL"], sc.Capabilities.Drop);
            Assert.True(container.Resources.Requests.ContainsKey("memory") && container.Resources.Limits.ContainsKey("memory"), container.Name);
            Assert.NotNull(container.ReadinessProbe);
        }

        var app = pod.Containers.Single(c => c.Name == "sparktuner");
        Assert.Equal("/healthz", app.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", app.ReadinessProbe.HttpGet.Path);
        Assert.Equal("http", app.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal(8080, app.Ports.Single(p => p.Name == "http").ContainerPort);
        // The only writable folders of a read-only root: the data folder and /tmp, each on a volume of the pod.
        var mounts = app.VolumeMounts.Where(m => m.ReadOnlyProperty != true).ToDictionary(m => m.MountPath, m => m.Name);
        Assert.Equal(["/data", "/tmp"], mounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(mounts.Values, v => Assert.Contains(pod.Volumes, vol => vol.Name == v && (vol.EmptyDir is not null || vol.PersistentVolumeClaim is not null)));
        // Settings and credentials come from the rendered ConfigMap and Secret (the generated name, hash included).
        Assert.Contains(app.EnvFrom, e => e.ConfigMapRef?.Name == One<V1ConfigMap>(objects, "sparktuner-settings").Metadata.Name);
        Assert.Contains(app.EnvFrom, e => e.SecretRef?.Name == One<V1Secret>(objects).Metadata.Name);
    }

    [Theory]
    [InlineData("overlays/kubernetes")]
    [InlineData("overlays/openshift")]
    public async Task ServiceMonitorAndNetworkPolicy_ReachTheAppsMetricsPortOfTheService(string overlay)
    {
        var objects = await RenderAsync(Dir(overlay));
        var service = One<V1Service>(objects, "sparktuner");
        var monitor = One<ServiceMonitor>(objects);
        var deployment = One<V1Deployment>(objects);

        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal("/metrics", endpoint.Path);
        var port = service.Spec.Ports.Single(p => p.Name == endpoint.Port);
        Assert.Equal("http", port.TargetPort.Value);
        Assert.All(monitor.Spec.Selector!.MatchLabels, l => Assert.Equal(l.Value, service.Metadata.Labels[l.Key]));
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
        // Some policy lets Prometheus reach the app's port (the one /metrics is served on).
        Assert.Contains(objects.OfType<V1NetworkPolicy>().SelectMany(p => p.Spec.Ingress),
            rule => rule.Ports.Any(p => p.Port.Value == "http")
                    && rule.FromProperty.Any(f => f.NamespaceSelector.MatchLabels.Values.Any(v => v == "monitoring")));
    }

    [Fact]
    public async Task KubernetesOverlay_IngressRoutesToTheServicesPort()
    {
        var objects = await RenderAsync(Dir("overlays/kubernetes"));
        var ingress = One<V1Ingress>(objects);
        var backend = ingress.Spec.Rules.Single().Http.Paths.Single().Backend.Service;

        Assert.Equal(One<V1Service>(objects).Metadata.Name, backend.Name);
        Assert.Contains(One<V1Service>(objects).Spec.Ports, p => p.Name == backend.Port.Name);
        Assert.Equal("3600", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
    }

    [Fact]
    public async Task OpenShiftOverlay_ThanosQuerierWithServiceCaAndTokenFile_RouteEdgeTlsToTheOauthProxy()
    {
        var objects = await RenderAsync(Dir("overlays/openshift"));
        var settings = One<V1ConfigMap>(objects, "sparktuner-settings").Data;
        var pod = One<V1Deployment>(objects).Spec.Template.Spec;
        var app = pod.Containers.Single(c => c.Name == "sparktuner");
        var proxy = pod.Containers.Single(c => c.Name == "oauth-proxy");
        var route = One<Route>(objects);
        var service = One<V1Service>(objects, "sparktuner");

        Assert.Equal("https://thanos-querier.openshift-monitoring.svc:9091", settings["Prometheus__BaseUrl"]);
        // The token file is the pod's own (mounted), re-read on rotation; the CA file is the injected service-CA bundle.
        Assert.True(pod.AutomountServiceAccountToken);
        Assert.StartsWith("/var/run/secrets/kubernetes.io/serviceaccount/", settings["Prometheus__BearerTokenFile"], StringComparison.Ordinal);
        var caMount = app.VolumeMounts.Single(m => settings["Prometheus__CaFile"].StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var caVolume = pod.Volumes.Single(v => v.Name == caMount.Name);
        var caMap = One<V1ConfigMap>(objects, caVolume.ConfigMap.Name);
        Assert.Equal("true", caMap.Metadata.Annotations["service.beta.openshift.io/inject-cabundle"]);
        Assert.EndsWith("/service-ca.crt", settings["Prometheus__CaFile"], StringComparison.Ordinal);
        var binding = One<V1ClusterRoleBinding>(objects);
        Assert.Equal("cluster-monitoring-view", binding.RoleRef.Name);
        Assert.Equal(("sparktuner", "sparktuner"), (binding.Subjects.Single().Name, binding.Subjects.Single().NamespaceProperty));

        Assert.Equal("edge", route.Spec.Tls!.Termination);
        Assert.Equal("Redirect", route.Spec.Tls.InsecureEdgeTerminationPolicy);
        var routed = service.Spec.Ports.Single(p => p.Name == route.Spec.Port!.TargetPort!.Value);
        Assert.Contains(proxy.Ports, p => p.Name == routed.TargetPort.Value);
        Assert.Contains("--upstream=http://localhost:8080", proxy.Args);
        Assert.Contains(proxy.Args, a => a.StartsWith("--openshift-sar=", StringComparison.Ordinal) && a.Contains("$(POD_NAMESPACE)", StringComparison.Ordinal));
        Assert.Contains(proxy.Env, e => e.Name == "POD_NAMESPACE" && e.ValueFrom.FieldRef.FieldPath == "metadata.namespace");
        Assert.Contains("\"name\":\"oauth-proxy:v4.4\"", One<V1Deployment>(objects).Metadata.Annotations["image.openshift.io/triggers"], StringComparison.Ordinal);
        Assert.Contains("\"name\":\"sparktuner\"", One<V1ServiceAccount>(objects).Metadata.Annotations["serviceaccounts.openshift.io/oauth-redirectreference.primary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersistentDataComponent_DataFolderOnAClaimAndRecreateStrategy()
    {
        var root = Path.Combine(Path.GetTempPath(), "sparktuner-kustomize-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            // kustomize refuses absolute paths to bases: point at the repository relatively.
            string Rel(string folder) => Path.GetRelativePath(root, Dir(folder));
            await File.WriteAllTextAsync(Path.Combine(root, "kustomization.yaml"),
                $"resources: [{Rel("overlays/kubernetes")}]\ncomponents: [{Rel("components/persistent-data")}]\n");

            var objects = await RenderAsync(root);
            var deployment = One<V1Deployment>(objects);
            var data = deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == "data");

            Assert.Null(data.EmptyDir);
            Assert.Equal(One<V1PersistentVolumeClaim>(objects).Metadata.Name, data.PersistentVolumeClaim.ClaimName);
            Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
